// SPDX-License-Identifier: GPL-2.0
/*
 * P5IOC2 back end of the firmware: hub and PHB init, the hub TCE region
 * (GX TCE BAR/mask), per-PHB TCE tables (CA_TARn) and PE-0-only EEH
 * status/clear, all through the hub's MMIO window.
 */
#include <errno.h>
#include <stdlib.h>

#include "opal-internal.h"
#include "p5ioc2-regs.h"

int opal_add_p5ioc2_hub(struct opal *fw, uint64_t hub_id, uint64_t hub_regs_pa)
{
	struct opal_hub *h;
	uint64_t xixo;

	if (!fw || !sim_mmio_find(fw->bus, hub_regs_pa))
		return -EINVAL;
	if (opal_find_hub(fw, hub_id))
		return -EEXIST;
	/* Enhanced TCE fetch mode (no checkstop on a TCE DKill collision). */
	if (fw_in64(fw, hub_regs_pa + P5IOC2_XIXO, &xixo) ||
	    fw_out64(fw, hub_regs_pa + P5IOC2_XIXO, xixo | P5IOC2_XIXO_ENH_TCE))
		return -EIO;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->id = hub_id;
	h->regs = hub_regs_pa;
	h->next = fw->hubs;
	fw->hubs = h;
	return 0;
}

int opal_add_p5ioc2_phb(struct opal *fw, uint64_t hub_id, uint64_t phb_id,
			unsigned ca_index, unsigned phb_index,
			uint64_t regs_pa)
{
	struct opal_hub *h;
	struct opal_phb *p;
	uint32_t cfg;

	if (!fw)
		return -EINVAL;
	h = opal_find_hub(fw, hub_id);
	if (!h)
		return -ENOENT;
	if (ca_index > 1 || phb_index > 3 || !sim_mmio_find(fw->bus, regs_pa))
		return -EINVAL;
	if (opal_find_phb(fw, phb_id))
		return -EEXIST;
	/* No table yet: TAR invalid, TCE_EN off; errors freeze, DMA 32-bit. */
	if (fw_out64(fw, h->regs + P5IOC2_CA_BLOCK(ca_index) +
			 CA_TARn(phb_index), 0) ||
	    fw_in32(fw, regs_pa + CAP_PCFGRW, &cfg))
		return -EIO;
	cfg &= ~CAP_PCFGRW_TCE_EN;
	cfg |= CAP_PCFGRW_ERR_RECOV_EN | CAP_PCFGRW_FREEZE_EN |
	       CAP_PCFGRW_DAC_DISABLE;
	if (fw_out32(fw, regs_pa + CAP_PCFGRW, cfg))
		return -EIO;
	p = opal_new_phb(fw, phb_id, OPAL_PHB_TYPE_P5IOC2, regs_pa);
	if (!p)
		return -ENOMEM;
	p->hub = h;
	p->ca = ca_index;
	p->index = phb_index;
	return 0;
}

int64_t opal_pci_set_hub_tce_memory(struct opal *fw, uint64_t hub_id,
				    uint64_t addr, uint64_t size)
{
	struct opal_hub *h = fw ? opal_find_hub(fw, hub_id) : NULL;
	uint64_t bar, mask;

	if (!h)
		return OPAL_PARAMETER;
	/* Power of two, naturally aligned, 1 MB granules of a 26-bit field. */
	if (!fw_is_pow2(size) || size < (1ull << 20) || (addr & (size - 1)) ||
	    addr + size > (1ull << 46))
		return OPAL_PARAMETER;
	bar = ((addr >> 20) << GX_TCE_FIELD_SHIFT) | GX_TCE_BAR_ENABLE;
	mask = (~((size - 1) >> 20) & GX_TCE_FIELD_MASK) << GX_TCE_FIELD_SHIFT;
	if (fw_out64(fw, h->regs + P5IOC2_HUB_GX_TCE_BAR, 0) ||
	    fw_out64(fw, h->regs + P5IOC2_HUB_GX_TCE_MASK, mask) ||
	    fw_out64(fw, h->regs + P5IOC2_HUB_GX_TCE_BAR, bar))
		return OPAL_HARDWARE;
	h->tce_base = addr;
	h->tce_size = size;
	return OPAL_SUCCESS;
}

static int64_t p5ioc2_set_tce_memory(struct opal_phb *p, uint64_t addr,
				     uint64_t size)
{
	struct opal *fw = p->fw;
	struct opal_hub *h = p->hub;
	uint64_t tar;
	uint32_t cfg;

	if (!fw_is_pow2(size) || size < P5IOC2_TCE_MIN ||
	    size > P5IOC2_TCE_MAX || (addr & (size - 1)))
		return OPAL_PARAMETER;
	if (!h->tce_size || addr < h->tce_base ||
	    addr + size > h->tce_base + h->tce_size)
		return OPAL_PARAMETER;
	tar = ((uint64_t)CA_ALTHUBID(p->ca) << CA_TAR_HUBID_SHIFT) |
	      ((uint64_t)CA_ALTHUBID(p->ca) << CA_TAR_ALTHUBID_SHIFT) |
	      addr | CA_TAR_VALID |
	      ((fw_ilog2(size) - 16) & CA_TAR_NUM_TCE_MASK);
	if (fw_in32(fw, p->regs + CAP_PCFGRW, &cfg) ||
	    fw_out32(fw, p->regs + CAP_PCFGRW, cfg & ~CAP_PCFGRW_TCE_EN) ||
	    fw_out64(fw, h->regs + P5IOC2_CA_BLOCK(p->ca) + CA_TARn(p->index),
		     tar) ||
	    fw_out32(fw, p->regs + CAP_PCFGRW, cfg | CAP_PCFGRW_TCE_EN))
		return OPAL_HARDWARE;
	return OPAL_SUCCESS;
}

static int64_t p5ioc2_eeh_freeze_status(struct opal_phb *p, uint64_t pe,
					uint8_t *state, uint16_t *err_type)
{
	uint32_t cfg;

	if (pe != 0)
		return OPAL_PARAMETER;
	*state = OPAL_EEH_STOPPED_NOT_FROZEN;
	*err_type = OPAL_EEH_NO_ERROR;
	if (fw_in32(p->fw, p->regs + CAP_PCFGRW, &cfg)) {
		*state = OPAL_EEH_STOPPED_MMIO_DMA_FREEZE;
		*err_type = OPAL_EEH_PHB_ERROR;
		return OPAL_HARDWARE;
	}
	if (cfg & CAP_PCFGRW_MMIO_FROZEN)
		*state |= OPAL_EEH_STOPPED_MMIO_FREEZE;
	if (cfg & CAP_PCFGRW_DMA_FROZEN)
		*state |= OPAL_EEH_STOPPED_DMA_FREEZE;
	if (*state)
		*err_type = OPAL_EEH_PE_ERROR;
	return OPAL_SUCCESS;
}

static int64_t p5ioc2_eeh_freeze_clear(struct opal_phb *p, uint64_t pe,
				       uint64_t action)
{
	struct opal *fw = p->fw;
	uint32_t cfg;

	if (pe != 0 || action < OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO ||
	    action > OPAL_EEH_ACTION_CLEAR_FREEZE_ALL)
		return OPAL_PARAMETER;
	if (fw_out64(fw, p->regs + CAP_DMACSR, 0) ||
	    fw_out64(fw, p->regs + CAP_PLSSR, 0) ||
	    fw_in32(fw, p->regs + CAP_PCFGRW, &cfg))
		return OPAL_HARDWARE;
	if (action & OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO)
		cfg &= ~CAP_PCFGRW_MMIO_FROZEN;
	if (action & OPAL_EEH_ACTION_CLEAR_FREEZE_DMA)
		cfg &= ~CAP_PCFGRW_DMA_FROZEN;
	if (fw_out32(fw, p->regs + CAP_PCFGRW, cfg))
		return OPAL_HARDWARE;
	return OPAL_SUCCESS;
}

const struct opal_phb_ops opal_p5ioc2_phb_ops = {
	.eeh_freeze_status = p5ioc2_eeh_freeze_status,
	.eeh_freeze_clear = p5ioc2_eeh_freeze_clear,
	.set_tce_memory = p5ioc2_set_tce_memory,
};
