// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 (IODA2) back end of the firmware: PHB init (tables, BARs, config,
 * IODA reset) and the PHB3 OPAL calls, all through the PHB's registers
 * (IODA_ADDR/IODA_DATA0 for on-chip tables) and the firmware's own RTT,
 * PELT-V and PEST in simulated memory.
 */
#include <errno.h>
#include <stdlib.h>

#include "opal-internal.h"
#include "phb3-regs.h"

#define RTT_ENTRIES	65536u

static int reg_out(struct opal_phb *p, uint64_t off, uint64_t v)
{
	return fw_out64(p->fw, p->regs + off, v);
}

static int reg_in(struct opal_phb *p, uint64_t off, uint64_t *v)
{
	return fw_in64(p->fw, p->regs + off, v);
}

static int ioda_sel(struct opal_phb *p, unsigned tsel, unsigned idx,
		    bool autoinc)
{
	return reg_out(p, PHB_IODA_ADDR,
		       (autoinc ? PHB_IODA_AD_AUTOINC : 0) |
		       ((uint64_t)tsel << PHB_IODA_AD_TSEL_SHIFT) |
		       (idx & PHB_IODA_AD_TADR_MASK));
}

static int ioda_write(struct opal_phb *p, unsigned tsel, unsigned idx,
		      uint64_t v)
{
	return ioda_sel(p, tsel, idx, false) ?: reg_out(p, PHB_IODA_DATA0, v);
}

static int ioda_read(struct opal_phb *p, unsigned tsel, unsigned idx,
		     uint64_t *v)
{
	return ioda_sel(p, tsel, idx, false) ?: reg_in(p, PHB_IODA_DATA0, v);
}

/* Write n zeros from entry 0 with auto-increment. */
static int ioda_zero(struct opal_phb *p, unsigned tsel, unsigned n)
{
	unsigned i;
	int rc = ioda_sel(p, tsel, 0, true);

	for (i = 0; !rc && i < n; i++)
		rc = reg_out(p, PHB_IODA_DATA0, 0);
	return rc;
}

static int rtt_fill_reserved(struct opal_phb *p)
{
	uint8_t *buf = malloc(OPAL_PHB3_RTT_BYTES);
	unsigned i;
	int rc;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < RTT_ENTRIES; i++) {
		buf[2 * i] = 0;
		buf[2 * i + 1] = OPAL_PHB3_RESERVED_PE;
	}
	rc = sim_mem_write(p->fw->mem, p->rtt, buf, OPAL_PHB3_RTT_BYTES);
	free(buf);
	return rc;
}

/*
 * IODA reset: TVT cleared, RTT cache and TCE cache invalidated, PESTA,
 * PESTB and PEEV cleared. purge also resets the firmware tables in memory
 * (RTT back to PE 255, PELT-V and PEST zeroed).
 */
static int phb3_ioda_reset(struct opal_phb *p, bool purge)
{
	struct sim_mem *m = p->fw->mem;
	int rc;

	if (purge) {
		if (p->rtt && rtt_fill_reserved(p))
			return -EIO;
		if (p->peltv)
			sim_mem_fill(m, p->peltv, 0, OPAL_PHB3_PELTV_BYTES);
		if (p->pest)
			sim_mem_fill(m, p->pest, 0, OPAL_PHB3_PEST_BYTES);
	}
	rc = ioda_zero(p, IODA2_TBL_TVT, IODA2_TVT_ENTRIES) ?:
	     reg_out(p, PHB_RTC_INVALIDATE, PHB_RTC_INVALIDATE_ALL) ?:
	     reg_out(p, PHB_TCE_KILL, PHB_TCE_KILL_ALL) ?:
	     ioda_zero(p, IODA2_TBL_PESTA, OPAL_PHB3_NUM_PES) ?:
	     ioda_zero(p, IODA2_TBL_PESTB, OPAL_PHB3_NUM_PES) ?:
	     ioda_zero(p, IODA2_TBL_PEEV, IODA2_PEEV_WORDS);
	p->err_pending = false;
	return rc;
}

int opal_add_phb3(struct opal *fw, uint64_t phb_id, uint64_t regs_pa)
{
	struct opal_phb *p;
	int rc, alloc_rc = 0;

	if (!fw || !sim_mmio_find(fw->bus, regs_pa))
		return -EINVAL;
	if (opal_find_phb(fw, phb_id))
		return -EEXIST;
	p = opal_new_phb(fw, phb_id, OPAL_PHB_TYPE_PHB3, regs_pa);
	if (!p)
		return -ENOMEM;

	/* Tables (naturally aligned, as the BAR fields require). */
	if (sim_mem_alloc(fw->mem, OPAL_PHB3_RTT_BYTES, 0, &p->rtt)) {
		p->rtt = 0;
		alloc_rc = -ENOMEM;
	} else if (rtt_fill_reserved(p)) {
		return -EIO;
	}
	if (sim_mem_alloc(fw->mem, OPAL_PHB3_PELTV_BYTES, 0, &p->peltv)) {
		p->peltv = 0;
		alloc_rc = -ENOMEM;
	}
	if (sim_mem_alloc(fw->mem, OPAL_PHB3_PEST_BYTES, 0, &p->pest)) {
		p->pest = 0;
		alloc_rc = -ENOMEM;
	}

	rc = reg_out(p, PHB_RTT_BAR, p->rtt ? p->rtt | PHB_BAR_ENABLE : 0) ?:
	     reg_out(p, PHB_PELTV_BAR,
		     p->peltv ? p->peltv | PHB_BAR_ENABLE : 0) ?:
	     reg_out(p, PHB_PEST_BAR, p->pest ? p->pest | PHB_BAR_ENABLE : 0) ?:
	     /* Clear the TCE cache first, then the final configuration. */
	     reg_out(p, PHB_PHB3_CONFIG, PHB_PHB3C_64B_TCE_EN) ?:
	     reg_out(p, PHB_PHB3_CONFIG, PHB_PHB3C_M32_EN |
			PHB_PHB3C_32BIT_MSI_EN | PHB_PHB3C_64BIT_MSI_EN) ?:
	     reg_out(p, PHB_TCE_SPEC_CTL, PHB3_TCE_SPEC_CTL_INIT) ?:
	     reg_out(p, PHB_TCE_TAG_ENABLE, PHB3_TCE_TAG_ENABLE_INIT) ?:
	     phb3_ioda_reset(p, false);
	if (rc)
		return -EIO;
	return alloc_rc;
}

/* ---- calls ---- */

static int64_t phb3_set_pe(struct opal_phb *p, uint64_t pe, uint64_t bdfn,
			   uint64_t bcmp, uint64_t dcmp, uint64_t fcmp,
			   uint64_t action)
{
	uint64_t mask = 0, rid;
	uint16_t val;

	if (action != OPAL_MAP_PE && action != OPAL_UNMAP_PE)
		return OPAL_PARAMETER;
	if (pe >= OPAL_PHB3_NUM_PES || bdfn > 0xFFFF ||
	    bcmp > OPAL_PCI_BUS_ALL ||
	    dcmp > OPAL_COMPARE_RID_DEVICE_NUMBER ||
	    fcmp > OPAL_COMPARE_RID_FUNCTION_NUMBER)
		return OPAL_PARAMETER;
	if (bcmp != OPAL_PCI_BUS_ANY)
		mask = ((1ull << (bcmp + 1)) - 1) << (15 - bcmp);
	if (dcmp)
		mask |= 0xF8;
	if (fcmp)
		mask |= 0x07;
	if (!p->rtt)
		return OPAL_HARDWARE;

	val = action == OPAL_MAP_PE ? (uint16_t)pe : OPAL_PHB3_RESERVED_PE;
	for (rid = 0; rid < RTT_ENTRIES; rid++)
		if ((rid & mask) == (bdfn & mask))
			sim_mem_write_be16(p->fw->mem, p->rtt + 2 * rid, val);
	if (reg_out(p, PHB_RTC_INVALIDATE, PHB_RTC_INVALIDATE_ALL))
		return OPAL_HARDWARE;
	return OPAL_SUCCESS;
}

static int64_t phb3_set_peltv(struct opal_phb *p, uint64_t parent,
			      uint64_t child, uint64_t state)
{
	uint64_t at;
	uint8_t b;

	if (parent >= OPAL_PHB3_NUM_PES || child >= OPAL_PHB3_NUM_PES ||
	    state > OPAL_ADD_PE_TO_DOMAIN)
		return OPAL_PARAMETER;
	if (!p->peltv)
		return OPAL_HARDWARE;
	at = p->peltv + parent * 32 + child / 8;
	if (sim_mem_read(p->fw->mem, at, &b, 1))
		return OPAL_HARDWARE;
	if (state)
		b |= (uint8_t)(0x80 >> (child % 8));
	else
		b &= (uint8_t)~(0x80 >> (child % 8));
	sim_mem_write(p->fw->mem, at, &b, 1);
	return OPAL_SUCCESS;
}

static int64_t phb3_map_pe_dma_window(struct opal_phb *p, uint64_t pe,
				      uint64_t window_id, uint64_t levels,
				      uint64_t table_addr,
				      uint64_t table_size, uint64_t page_size)
{
	uint64_t tve = 0, tts;
	unsigned tps;

	if (pe >= OPAL_PHB3_NUM_PES || (window_id >> 1) != pe)
		return OPAL_PARAMETER;
	if (table_size) {
		if (levels < 1 || levels > 5 || !fw_is_pow2(table_size) ||
		    table_size < 0x1000)
			return OPAL_PARAMETER;
		tts = fw_ilog2(table_size) - 11;
		if (tts > 31)
			return OPAL_PARAMETER;
		switch (page_size) {
		case 0x1000:
			tps = 1;
			break;
		case 0x10000:
			tps = 5;
			break;
		case 0x1000000:
			tps = 13;
			break;
		case 0x10000000:
			tps = 17;
			break;
		default:
			return OPAL_PARAMETER;
		}
		tve = (((table_addr >> 12) << IODA2_TVT_TABLE_ADDR_SHIFT) &
		       IODA2_TVT_TABLE_ADDR_MASK) |
		      ((levels - 1) << IODA2_TVT_NUM_LEVELS_SHIFT) |
		      (tts << IODA2_TVT_TCE_TABLE_SIZE_SHIFT) |
		      ((uint64_t)tps << IODA2_TVT_IO_PSIZE_SHIFT);
	}
	if (ioda_write(p, IODA2_TBL_TVT, (unsigned)window_id, tve))
		return OPAL_HARDWARE;
	return OPAL_SUCCESS;
}

static int64_t phb3_map_pe_dma_window_real(struct opal_phb *p, uint64_t pe,
					   uint64_t window_id,
					   uint64_t pci_start, uint64_t size)
{
	uint64_t tve = 0, end;

	if (pe >= OPAL_PHB3_NUM_PES || (window_id >> 1) != pe)
		return OPAL_PARAMETER;
	if (size) {
		if ((pci_start >> 59) != (window_id & 1))
			return OPAL_PARAMETER;
		pci_start &= (1ull << 59) - 1;
		if ((pci_start & 0xFFFFFF) || (size & 0xFFFFFF))
			return OPAL_PARAMETER;
		end = pci_start + size;
		if (end < pci_start || end > 0x0003FFFFFFFFFFFFull)
			return OPAL_PARAMETER;
		/* Full start field (TVE[0:23]); see docs/firmware.md. */
		tve = (((pci_start >> 24) & 0xFFFFFF) << IODA2_TVT_START_LO_SHIFT) |
		      (((end >> 24) & 0xFFFFFF) << IODA2_TVT_END_LO_SHIFT) |
		      IODA2_TVT_BYPASS_VALID |
		      (((pci_start >> 48) & 3) << IODA2_TVT_START_HI_SHIFT) |
		      (((end >> 48) & 3) << IODA2_TVT_END_HI_SHIFT);
	}
	if (ioda_write(p, IODA2_TBL_TVT, (unsigned)window_id, tve))
		return OPAL_HARDWARE;
	return OPAL_SUCCESS;
}

static int64_t phb3_eeh_freeze_status(struct opal_phb *p, uint64_t pe,
				      uint8_t *state, uint16_t *err_type)
{
	uint64_t peev, pesta, pestb;

	if (pe >= OPAL_PHB3_NUM_PES)
		return OPAL_PARAMETER;
	*state = OPAL_EEH_STOPPED_NOT_FROZEN;
	*err_type = OPAL_EEH_NO_ERROR;
	if (ioda_read(p, IODA2_TBL_PEEV, (unsigned)(pe / 64), &peev))
		goto broken;
	if (!(peev & FW_BIT(pe % 64)))
		return OPAL_SUCCESS;
	if (ioda_read(p, IODA2_TBL_PESTA, (unsigned)pe, &pesta) ||
	    ioda_read(p, IODA2_TBL_PESTB, (unsigned)pe, &pestb))
		goto broken;
	if (pesta & IODA2_PESTA_MMIO_FROZEN)
		*state |= OPAL_EEH_STOPPED_MMIO_FREEZE;
	if (pestb & IODA2_PESTB_DMA_STOPPED)
		*state |= OPAL_EEH_STOPPED_DMA_FREEZE;
	if (*state)
		*err_type = OPAL_EEH_PE_ERROR;
	return OPAL_SUCCESS;
broken:
	/* Registers unreachable: report the PHB as broken. */
	*state = OPAL_EEH_STOPPED_MMIO_DMA_FREEZE;
	*err_type = OPAL_EEH_PHB_ERROR;
	return OPAL_HARDWARE;
}

static int64_t phb3_eeh_freeze_clear(struct opal_phb *p, uint64_t pe,
				     uint64_t action)
{
	uint64_t pesta, pestb, peev;
	unsigned i;

	if (pe >= OPAL_PHB3_NUM_PES ||
	    action < OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO ||
	    action > OPAL_EEH_ACTION_CLEAR_FREEZE_ALL)
		return OPAL_PARAMETER;
	if ((action & OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO) &&
	    ioda_write(p, IODA2_TBL_PESTA, (unsigned)pe, 0))
		return OPAL_HARDWARE;
	if ((action & OPAL_EEH_ACTION_CLEAR_FREEZE_DMA) &&
	    ioda_write(p, IODA2_TBL_PESTB, (unsigned)pe, 0))
		return OPAL_HARDWARE;
	/* A PE with no freeze left has no pending event. */
	if (ioda_read(p, IODA2_TBL_PESTA, (unsigned)pe, &pesta) ||
	    ioda_read(p, IODA2_TBL_PESTB, (unsigned)pe, &pestb) ||
	    ioda_read(p, IODA2_TBL_PEEV, (unsigned)(pe / 64), &peev))
		return OPAL_HARDWARE;
	if (!(pesta & IODA2_PESTA_MMIO_FROZEN) &&
	    !(pestb & IODA2_PESTB_DMA_STOPPED) &&
	    ioda_write(p, IODA2_TBL_PEEV, (unsigned)(pe / 64),
		       peev & ~FW_BIT(pe % 64)))
		return OPAL_HARDWARE;
	/* Recompute "error pending" from the four PEEV words. */
	p->err_pending = false;
	if (ioda_sel(p, IODA2_TBL_PEEV, 0, true))
		return OPAL_HARDWARE;
	for (i = 0; i < IODA2_PEEV_WORDS; i++) {
		if (reg_in(p, PHB_IODA_DATA0, &peev))
			return OPAL_HARDWARE;
		if (peev)
			p->err_pending = true;
	}
	return OPAL_SUCCESS;
}

static int64_t phb3_eeh_freeze_set(struct opal_phb *p, uint64_t pe,
				   uint64_t action)
{
	uint64_t v;

	if (pe >= OPAL_PHB3_NUM_PES ||
	    action < OPAL_EEH_ACTION_SET_FREEZE_MMIO ||
	    action > OPAL_EEH_ACTION_SET_FREEZE_ALL)
		return OPAL_PARAMETER;
	if (action & OPAL_EEH_ACTION_SET_FREEZE_MMIO) {
		if (ioda_read(p, IODA2_TBL_PESTA, (unsigned)pe, &v) ||
		    ioda_write(p, IODA2_TBL_PESTA, (unsigned)pe,
			       v | IODA2_PESTA_MMIO_FROZEN))
			return OPAL_HARDWARE;
	}
	if (action & OPAL_EEH_ACTION_SET_FREEZE_DMA) {
		if (ioda_read(p, IODA2_TBL_PESTB, (unsigned)pe, &v) ||
		    ioda_write(p, IODA2_TBL_PESTB, (unsigned)pe,
			       v | IODA2_PESTB_DMA_STOPPED))
			return OPAL_HARDWARE;
	}
	return OPAL_SUCCESS;
}

static int64_t phb3_reset(struct opal_phb *p, uint64_t scope,
			  uint64_t assert_state)
{
	if (scope != OPAL_RESET_PCI_IODA_TABLE)
		return OPAL_UNSUPPORTED;
	if (assert_state != OPAL_ASSERT_RESET &&
	    assert_state != OPAL_DEASSERT_RESET)
		return OPAL_PARAMETER;
	if (assert_state == OPAL_DEASSERT_RESET)
		return OPAL_SUCCESS;
	return phb3_ioda_reset(p, true) ? OPAL_HARDWARE : OPAL_SUCCESS;
}

const struct opal_phb_ops opal_phb3_ops = {
	.set_pe = phb3_set_pe,
	.set_peltv = phb3_set_peltv,
	.map_pe_dma_window = phb3_map_pe_dma_window,
	.map_pe_dma_window_real = phb3_map_pe_dma_window_real,
	.eeh_freeze_status = phb3_eeh_freeze_status,
	.eeh_freeze_clear = phb3_eeh_freeze_clear,
	.eeh_freeze_set = phb3_eeh_freeze_set,
	.reset = phb3_reset,
};
