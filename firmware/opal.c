// SPDX-License-Identifier: GPL-2.0
/*
 * OPAL core: firmware instance, PHB/hub registry, MMIO helpers, the token
 * dispatcher (opal_call) and the typed entry points, which find the PHB
 * and hand over to its back end's ops (a missing op is OPAL_UNSUPPORTED).
 */
#include <errno.h>
#include <stdlib.h>

#include "opal-internal.h"

struct opal *opal_create(struct sim_mem *mem, struct sim_mmio_bus *bus)
{
	struct opal *fw;

	if (!mem || !bus)
		return NULL;
	fw = calloc(1, sizeof(*fw));
	if (!fw)
		return NULL;
	fw->mem = mem;
	fw->bus = bus;
	return fw;
}

void opal_destroy(struct opal *fw)
{
	struct opal_phb *p, *pn;
	struct opal_hub *h, *hn;

	if (!fw)
		return;
	for (p = fw->phbs; p; p = pn) {
		pn = p->next;
		if (p->rtt)
			sim_mem_free(fw->mem, p->rtt);
		if (p->peltv)
			sim_mem_free(fw->mem, p->peltv);
		if (p->pest)
			sim_mem_free(fw->mem, p->pest);
		free(p);
	}
	for (h = fw->hubs; h; h = hn) {
		hn = h->next;
		free(h);
	}
	free(fw);
}

struct opal_phb *opal_find_phb(struct opal *fw, uint64_t id)
{
	struct opal_phb *p;

	for (p = fw->phbs; p; p = p->next)
		if (p->id == id)
			return p;
	return NULL;
}

struct opal_hub *opal_find_hub(struct opal *fw, uint64_t id)
{
	struct opal_hub *h;

	for (h = fw->hubs; h; h = h->next)
		if (h->id == id)
			return h;
	return NULL;
}

/* Allocate and link a PHB record; NULL if the id is taken or no memory. */
struct opal_phb *opal_new_phb(struct opal *fw, uint64_t id,
			      enum opal_phb_type type, uint64_t regs)
{
	struct opal_phb *p;

	if (opal_find_phb(fw, id))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->fw = fw;
	p->id = id;
	p->type = type;
	p->regs = regs;
	p->ops = type == OPAL_PHB_TYPE_PHB3 ? &opal_phb3_ops
					    : &opal_p5ioc2_phb_ops;
	p->next = fw->phbs;
	fw->phbs = p;
	return p;
}

int opal_phb_get_info(struct opal *fw, uint64_t phb_id,
		      struct opal_phb_info *info)
{
	struct opal_phb *p = opal_find_phb(fw, phb_id);

	if (!p)
		return -ENOENT;
	*info = (struct opal_phb_info){
		.type = p->type,
		.regs = p->regs,
		.rtt = p->rtt,
		.peltv = p->peltv,
		.pest = p->pest,
	};
	if (p->type == OPAL_PHB_TYPE_PHB3) {
		info->tce_kill = p->regs + 0x210;
		info->num_pes = OPAL_PHB3_NUM_PES;
	} else {
		info->hub_id = p->hub->id;
		info->ca = p->ca;
		info->index = p->index;
		info->num_pes = 1;
	}
	return 0;
}

bool opal_phb_err_pending(struct opal *fw, uint64_t phb_id)
{
	struct opal_phb *p = opal_find_phb(fw, phb_id);

	return p && p->err_pending;
}

/* ---- MMIO ---- */

int fw_in64(struct opal *fw, uint64_t pa, uint64_t *v)
{
	return sim_mmio_read(fw->bus, pa, 8, v);
}

int fw_out64(struct opal *fw, uint64_t pa, uint64_t v)
{
	return sim_mmio_write(fw->bus, pa, 8, v);
}

int fw_in32(struct opal *fw, uint64_t pa, uint32_t *v)
{
	uint64_t x;
	int rc = sim_mmio_read(fw->bus, pa, 4, &x);

	*v = (uint32_t)x;
	return rc;
}

int fw_out32(struct opal *fw, uint64_t pa, uint32_t v)
{
	return sim_mmio_write(fw->bus, pa, 4, v);
}

unsigned fw_ilog2(uint64_t v)
{
	unsigned n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/* ---- typed entry points ---- */

#define PHB_OR_PARAM(fw, id, p)				\
	do {						\
		(p) = opal_find_phb((fw), (id));	\
		if (!(p))				\
			return OPAL_PARAMETER;		\
	} while (0)

/*
 * Returns the call op of PHB id's kind with its arguments: OPAL_PARAMETER
 * for no such PHB, OPAL_UNSUPPORTED when its kind lacks the call.
 */
#define PHB_CALL(fw, id, op, ...)				\
	do {							\
		struct opal_phb *p_;				\
								\
		PHB_OR_PARAM(fw, id, p_);			\
		if (!p_->ops->op)				\
			return OPAL_UNSUPPORTED;		\
		return p_->ops->op(p_, __VA_ARGS__);		\
	} while (0)

int64_t opal_pci_set_pe(struct opal *fw, uint64_t phb_id, uint64_t pe,
			uint64_t bdfn, uint64_t bcmp, uint64_t dcmp,
			uint64_t fcmp, uint64_t action)
{
	PHB_CALL(fw, phb_id, set_pe, pe, bdfn, bcmp, dcmp, fcmp, action);
}

int64_t opal_pci_set_peltv(struct opal *fw, uint64_t phb_id, uint64_t parent,
			   uint64_t child, uint64_t state)
{
	PHB_CALL(fw, phb_id, set_peltv, parent, child, state);
}

int64_t opal_pci_map_pe_dma_window(struct opal *fw, uint64_t phb_id,
				   uint64_t pe, uint64_t window_id,
				   uint64_t levels, uint64_t table_addr,
				   uint64_t table_size, uint64_t page_size)
{
	PHB_CALL(fw, phb_id, map_pe_dma_window, pe, window_id, levels,
		 table_addr, table_size, page_size);
}

int64_t opal_pci_map_pe_dma_window_real(struct opal *fw, uint64_t phb_id,
					uint64_t pe, uint64_t window_id,
					uint64_t pci_start, uint64_t size)
{
	PHB_CALL(fw, phb_id, map_pe_dma_window_real, pe, window_id, pci_start,
		 size);
}

int64_t opal_pci_eeh_freeze_status(struct opal *fw, uint64_t phb_id,
				   uint64_t pe, uint64_t state_pa,
				   uint64_t err_type_pa,
				   uint64_t phb_status_pa)
{
	struct opal_phb *p;
	uint8_t state = OPAL_EEH_STOPPED_NOT_FROZEN;
	uint16_t err = OPAL_EEH_NO_ERROR;
	int64_t rc;

	PHB_OR_PARAM(fw, phb_id, p);
	if (!p->ops->eeh_freeze_status)
		return OPAL_UNSUPPORTED;
	/* Both out pointers are required and must be RAM. */
	if (!state_pa || !sim_mem_in_ram(fw->mem, state_pa, 1) ||
	    !err_type_pa || !sim_mem_in_ram(fw->mem, err_type_pa, 2))
		return OPAL_PARAMETER;
	/* phb_status: optional, accepted and not written (as skiboot). */
	(void)phb_status_pa;
	rc = p->ops->eeh_freeze_status(p, pe, &state, &err);
	if (rc != OPAL_SUCCESS && rc != OPAL_HARDWARE)
		return rc;
	sim_mem_write(fw->mem, state_pa, &state, 1);
	sim_mem_write_be16(fw->mem, err_type_pa, err);
	return rc;
}

int64_t opal_pci_eeh_freeze_clear(struct opal *fw, uint64_t phb_id,
				  uint64_t pe, uint64_t action)
{
	PHB_CALL(fw, phb_id, eeh_freeze_clear, pe, action);
}

int64_t opal_pci_eeh_freeze_set(struct opal *fw, uint64_t phb_id,
				uint64_t pe, uint64_t action)
{
	PHB_CALL(fw, phb_id, eeh_freeze_set, pe, action);
}

int64_t opal_pci_reset(struct opal *fw, uint64_t phb_id, uint64_t scope,
		       uint64_t assert_state)
{
	PHB_CALL(fw, phb_id, reset, scope, assert_state);
}

int64_t opal_pci_tce_kill(struct opal *fw, uint64_t phb_id, uint64_t type,
			  uint64_t pe, uint64_t tce_size, uint64_t dma_addr,
			  uint64_t npages)
{
	struct opal_phb *p;

	/* Neither PHB3 nor P5IOC2 has a firmware kill (PHB4 does). */
	PHB_OR_PARAM(fw, phb_id, p);
	(void)type, (void)pe, (void)tce_size, (void)dma_addr, (void)npages;
	return OPAL_UNSUPPORTED;
}

int64_t opal_pci_set_phb_tce_memory(struct opal *fw, uint64_t phb_id,
				    uint64_t addr, uint64_t size)
{
	PHB_CALL(fw, phb_id, set_tce_memory, addr, size);
}

/* ---- dispatcher ---- */

#define A(i) args[i]

int64_t opal_call(struct opal *fw, uint64_t token, const uint64_t *args,
		  unsigned nargs)
{
	static const struct {
		uint64_t token;
		unsigned nargs;
	} arity[] = {
		{ OPAL_PCI_SET_HUB_TCE_MEMORY, 3 },
		{ OPAL_PCI_SET_PHB_TCE_MEMORY, 3 },
		{ OPAL_PCI_EEH_FREEZE_STATUS, 5 },
		{ OPAL_PCI_EEH_FREEZE_CLEAR, 3 },
		{ OPAL_PCI_SET_PE, 7 },
		{ OPAL_PCI_SET_PELTV, 4 },
		{ OPAL_PCI_MAP_PE_DMA_WINDOW, 7 },
		{ OPAL_PCI_MAP_PE_DMA_WINDOW_REAL, 5 },
		{ OPAL_PCI_RESET, 3 },
		{ OPAL_PCI_EEH_FREEZE_SET, 3 },
		{ OPAL_PCI_TCE_KILL, 6 },
	};
	size_t i;

	if (!fw)
		return OPAL_PARAMETER;
	for (i = 0; i < sizeof(arity) / sizeof(arity[0]); i++)
		if (arity[i].token == token)
			break;
	if (i == sizeof(arity) / sizeof(arity[0]))
		return OPAL_UNSUPPORTED;
	if (nargs != arity[i].nargs || !args)
		return OPAL_PARAMETER;

	switch (token) {
	case OPAL_PCI_SET_HUB_TCE_MEMORY:
		return opal_pci_set_hub_tce_memory(fw, A(0), A(1), A(2));
	case OPAL_PCI_SET_PHB_TCE_MEMORY:
		return opal_pci_set_phb_tce_memory(fw, A(0), A(1), A(2));
	case OPAL_PCI_EEH_FREEZE_STATUS:
		return opal_pci_eeh_freeze_status(fw, A(0), A(1), A(2), A(3),
						  A(4));
	case OPAL_PCI_EEH_FREEZE_CLEAR:
		return opal_pci_eeh_freeze_clear(fw, A(0), A(1), A(2));
	case OPAL_PCI_SET_PE:
		return opal_pci_set_pe(fw, A(0), A(1), A(2), A(3), A(4), A(5),
				       A(6));
	case OPAL_PCI_SET_PELTV:
		return opal_pci_set_peltv(fw, A(0), A(1), A(2), A(3));
	case OPAL_PCI_MAP_PE_DMA_WINDOW:
		return opal_pci_map_pe_dma_window(fw, A(0), A(1), A(2), A(3),
						  A(4), A(5), A(6));
	case OPAL_PCI_MAP_PE_DMA_WINDOW_REAL:
		return opal_pci_map_pe_dma_window_real(fw, A(0), A(1), A(2),
						       A(3), A(4));
	case OPAL_PCI_RESET:
		return opal_pci_reset(fw, A(0), A(1), A(2));
	case OPAL_PCI_EEH_FREEZE_SET:
		return opal_pci_eeh_freeze_set(fw, A(0), A(1), A(2));
	case OPAL_PCI_TCE_KILL:
		return opal_pci_tce_kill(fw, A(0), A(1), A(2), A(3), A(4),
					 A(5));
	}
	return OPAL_UNSUPPORTED;
}
