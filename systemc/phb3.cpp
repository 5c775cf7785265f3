// SPDX-License-Identifier: GPL-2.0
/*
 * tcesim_sc::phb3 (include/tcesim_sc/phb3.h): the sockets, the memory and
 * MMIO routing into the library, the loosely timed annotation, DMI
 * grants and their revocation. Everything the PHB does comes from
 * libtcesim's public API.
 */
#include "tcesim_sc/phb3.h"

#include <cerrno>
#include <cstring>

namespace tcesim_sc {

namespace {

constexpr std::uint64_t TCE_KILL_REG = 0x210;
constexpr std::uint64_t RTC_INVAL_REG = 0x208;

std::uint64_t be_get(const unsigned char *p, unsigned n)
{
	std::uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

void be_put(unsigned char *p, unsigned n, std::uint64_t v)
{
	for (unsigned i = n; i-- > 0; v >>= 8)
		p[i] = static_cast<unsigned char>(v);
}

} /* namespace */

/* ---- rid_extension ---- */

tlm::tlm_extension_base *rid_extension::clone() const
{
	return new rid_extension(*this);
}

void rid_extension::copy_from(const tlm::tlm_extension_base &e)
{
	*this = static_cast<const rid_extension &>(e);
}

/* ---- life cycle ---- */

phb3::phb3(sc_core::sc_module_name name, const options &opt)
	: sc_core::sc_module(name), mmio("mmio"), dma("dma"), mem("mem"),
	  eeh("eeh"), opt_(opt)
{
	mmio.register_b_transport(this, &phb3::mmio_b_transport);
	mmio.register_transport_dbg(this, &phb3::mmio_dbg);
	dma.register_b_transport(this, &phb3::dma_b_transport);
	dma.register_transport_dbg(this, &phb3::dma_dbg);
	dma.register_get_direct_mem_ptr(this, &phb3::dma_get_dmi);
	mem.register_invalidate_direct_mem_ptr(this, &phb3::mem_invalidate);
	eeh.initialize(false);
}

phb3::~phb3()
{
	if (owned_)
		tcesim_destroy(m_);
	tcesim_setup_free(setup_);
}

int phb3::prepare(tcesim_setup *s)
{
	std::uint64_t ram = 0;
	tcesim_memory memdesc{};
	tcesim_mem_region region{};

	if (tcesim_setup_get(s, "machine.ram", &ram))
		return -EINVAL;
	/* the firmware's and the driver's host pointer: the memory's DMI
	   over all of RAM, if it gives one */
	ram_ptr_ = nullptr;
	ram_bytes_ = ram;
	{
		tlm::tlm_generic_payload gp;
		tlm::tlm_dmi d;

		gp.set_command(tlm::TLM_READ_COMMAND);
		gp.set_address(opt_.mem_base);
		if (mem->get_direct_mem_ptr(gp, d) && d.is_read_write_allowed() &&
		    d.get_start_address() <= opt_.mem_base &&
		    d.get_end_address() >= opt_.mem_base + ram - 1) {
			ram_ptr_ = d.get_dmi_ptr() +
				   (opt_.mem_base - d.get_start_address());
			dmi_rd_lat_ = d.get_read_latency();
			dmi_wr_lat_ = d.get_write_latency();
		}
	}
	data_by_dmi_ = ram_ptr_ && opt_.data_dmi;
	memdesc.read = mem_read_cb;
	memdesc.write = mem_write_cb;
	memdesc.ctx = this;
	memdesc.flags = TCESIM_MEM_PHB_CALLBACKS |
			(opt_.memory_zeroed ? TCESIM_MEM_ZEROED : 0u) |
			(data_by_dmi_ ? TCESIM_MEM_PHB_DATA_DIRECT : 0u);
	if (ram_ptr_) {
		region.pa = 0;
		region.len = ram;
		region.host = ram_ptr_;
		memdesc.regions = &region;
		memdesc.nregions = 1;
	}
	if (tcesim_setup_memory(s, &memdesc))
		return -EINVAL;
	if (opt_.cpu_mmio && tcesim_setup_mmio_route(s, route_cb, this))
		return -EINVAL;
	return 0;
}

void phb3::end_of_elaboration()
{
	if (!opt_.create_machine)
		return;
	setup_ = tcesim_setup_new();
	if (!setup_ ||
	    tcesim_setup_ini(setup_, name(), opt_.ini.data(), opt_.ini.size()))
		SC_REPORT_ERROR(name(), tcesim_errmsg());
	for (const std::string &kv : opt_.set)
		if (tcesim_setup_set(setup_, kv.c_str()))
			SC_REPORT_ERROR(name(), tcesim_errmsg());
	if (prepare(setup_))
		SC_REPORT_ERROR(name(), tcesim_errmsg());
	tcesim_machine *m = tcesim_create(setup_);

	if (!m)
		SC_REPORT_ERROR(name(), tcesim_errmsg());
	owned_ = true;
	attach(m);
}

void phb3::attach(tcesim_machine *m)
{
	tcesim_info info{};
	const tcesim_events ev = { kill_cb, rtt_cb, write_cb, nullptr };

	m_ = m;
	grants_.clear();
	tcesim_get_info(m, &info);
	timing_ = info.timing;
	nr_phbs_ = info.nr_phbs;
	period_ = sc_core::sc_time(1e6 / static_cast<double>(info.clock_mhz),
				   sc_core::SC_PS);
	if (tcesim_set_events(m, &ev, this))
		SC_REPORT_ERROR(name(), tcesim_errmsg());
	if (timing_ && tcesim_set_latency_source(m, latency_cb, this))
		SC_REPORT_ERROR(name(), tcesim_errmsg());
	eeh_ = false;
}

void phb3::detach()
{
	/* nothing is called on a machine not ours: it may be gone already
	   (a replay destroys its machine before tcesim_replay_file returns);
	   its events and latency source went with it */
	for (const grant &g : grants_) {
		st_.dmi_invalidations++;
		dma->invalidate_direct_mem_ptr(g.start, g.end);
	}
	grants_.clear();
	if (owned_)
		tcesim_destroy(m_);
	owned_ = false;
	m_ = nullptr;
}

/* ---- helpers ---- */

std::uint64_t phb3::cycles_of(const sc_core::sc_time &t) const
{
	return t.value() / period_.value();
}

void phb3::busy_enter(const char *what)
{
	if (busy_)
		SC_REPORT_ERROR(name(), (std::string(what) +
			": re-entered while a request is in the PHB (a memory target waited inside b_transport?)").c_str());
	busy_ = true;
}

void phb3::revoke_if(const std::function<bool(const grant &)> &covered)
{
	for (std::size_t i = 0; i < grants_.size();) {
		if (!covered(grants_[i])) {
			i++;
			continue;
		}
		const grant g = grants_[i];

		grants_.erase(grants_.begin() + static_cast<long>(i));
		st_.dmi_invalidations++;
		dma->invalidate_direct_mem_ptr(g.start, g.end);
	}
}

void phb3::update_eeh()
{
	bool any = false;

	for (unsigned p = 0; p < nr_phbs_ && !any; p++)
		any = tcesim_pe_frozen(m_, p, TCESIM_ANY_PE) > 0;
	if (any != eeh_) {
		eeh_ = any;
		eeh.write(any);
	}
}

/* ---- memory: the PHB's accesses as b_transports, the rest debug ---- */

namespace {

/* A fresh memory access in gp: len bytes at addr from/to buf. */
void fill_payload(tlm::tlm_generic_payload &gp, bool write, std::uint64_t addr,
		  void *buf, std::size_t len)
{
	gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
	gp.set_address(addr);
	gp.set_data_ptr(static_cast<unsigned char *>(buf));
	gp.set_data_length(static_cast<unsigned>(len));
	gp.set_streaming_width(static_cast<unsigned>(len));
	gp.set_byte_enable_ptr(nullptr);
	gp.set_dmi_allowed(false);
	gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

} /* namespace */

int phb3::mem_access(bool write, std::uint64_t pa, void *buf, std::size_t len)
{
	if (in_dma_ && !debug_) {
		/* the PHB's own access: one payload, reused */
		tlm::tlm_generic_payload &gp = mem_gp_;
		sc_core::sc_time d = sc_core::SC_ZERO_TIME;

		fill_payload(gp, write, opt_.mem_base + pa, buf, len);
		mem->b_transport(gp, d);
		st_.mem_transports++;
		if (gp.is_response_error())
			return -EIO;
		if (timing_)	/* the timing model may take it (latency_cb) */
			records_.push_back({ pa, len, !write, d, false });
		else
			mem_delay_ += d;
		return 0;
	}
	/* outside a device request (firmware, debug): untimed */
	tlm::tlm_generic_payload gp;

	fill_payload(gp, write, opt_.mem_base + pa, buf, len);
	return mem->transport_dbg(gp) == len ? 0 : -EIO;
}

int phb3::mem_read_cb(void *ctx, std::uint64_t pa, void *buf, std::size_t len)
{
	return static_cast<phb3 *>(ctx)->mem_access(false, pa, buf, len);
}

int phb3::mem_write_cb(void *ctx, std::uint64_t pa, const void *buf,
		       std::size_t len)
{
	return static_cast<phb3 *>(ctx)->mem_access(true, pa,
						    const_cast<void *>(buf), len);
}

/* The timing model asks for the latency of each table read the PHB made:
   the delay the memory annotated for that read, in PHB cycles. */
std::uint64_t phb3::latency_cb(void *ctx, unsigned phb, std::uint64_t pa,
			       unsigned bytes)
{
	phb3 *self = static_cast<phb3 *>(ctx);

	(void)phb;
	for (record &r : self->records_)
		if (!r.consumed && r.read && r.pa == pa && r.len == bytes) {
			r.consumed = true;
			self->st_.table_reads++;
			return (r.delay.value() + self->period_.value() / 2) /
			       self->period_.value();
		}
	return TCESIM_LAT_DEFAULT;
}

void phb3::mem_invalidate(sc_dt::uint64 start, sc_dt::uint64 end)
{
	/* memory took back DMI: so do our grants (their pointers are its);
	   the machine's own host pointer to RAM cannot be taken back */
	(void)start;
	(void)end;
	revoke_if([](const grant &) { return true; });
	if (ram_ptr_)
		SC_REPORT_WARNING(name(), "the memory invalidated its DMI: the machine keeps using the host pointer it was given at elaboration");
}

/* ---- processor-side MMIO through the platform ---- */

int phb3::route_cb(void *ctx, std::uint64_t pa, unsigned size, bool write,
		   std::uint64_t *val)
{
	return static_cast<phb3 *>(ctx)->opt_.cpu_mmio(pa, size, write, val);
}

/* ---- events: DMI revocation ---- */

void phb3::kill_cb(void *ctx, unsigned phb, unsigned kind, std::uint16_t pe,
		   std::uint64_t bus_addr)
{
	phb3 *self = static_cast<phb3 *>(ctx);

	self->revoke_if([&](const grant &g) {
		if (g.phb != phb)
			return false;
		switch (kind) {
		case TCESIM_KILL_ALL:
			return true;
		case TCESIM_KILL_PE:
			return g.pe == pe;
		default:
			return g.pe == pe && bus_addr >= g.start &&
			       bus_addr <= g.end;
		}
	});
}

void phb3::rtt_cb(void *ctx, unsigned phb, bool all, std::uint16_t rid)
{
	phb3 *self = static_cast<phb3 *>(ctx);

	(void)all;
	(void)rid;
	/* RID -> PE may change: every grant of that PHB */
	self->revoke_if([&](const grant &g) { return g.phb == phb; });
}

void phb3::write_cb(void *ctx, unsigned phb, std::uint64_t off,
		    std::uint64_t val)
{
	phb3 *self = static_cast<phb3 *>(ctx);

	(void)val;
	if (off == TCE_KILL_REG || off == RTC_INVAL_REG)
		return;		/* kill_cb / rtt_cb did it */
	/* TVT, PE state (freeze, thaw), BARs: anything may have changed
	   (however the write came: the mmio socket, or firmware calls made
	   straight to the machine) */
	self->revoke_if([&](const grant &g) { return g.phb == phb; });
	self->update_eeh();
}

/* ---- mmio socket ---- */

void phb3::mmio_b_transport(tlm::tlm_generic_payload &gp,
			    sc_core::sc_time &delay)
{
	const std::uint64_t a = gp.get_address();
	const unsigned len = gp.get_data_length();
	const unsigned phb = static_cast<unsigned>(a / mmio_stride);
	const std::uint64_t off = a % mmio_stride;
	std::uint64_t v = 0;
	int rc;

	if (!m_) {
		gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
		return;
	}
	if (gp.get_byte_enable_ptr()) {
		gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
		return;
	}
	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    gp.get_streaming_width() < len) {
		gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
		return;
	}
	if (gp.is_write()) {
		/* a kill at the machine clock of this write */
		tcesim_clock_advance(m_, cycles_of(sc_core::sc_time_stamp() +
						   delay));
		rc = tcesim_mmio_write(m_, phb, off, len,
				       be_get(gp.get_data_ptr(), len));
	} else if (gp.is_read()) {
		rc = tcesim_mmio_read(m_, phb, off, len, &v);
		if (!rc)
			be_put(gp.get_data_ptr(), len, v);
	} else {
		rc = 0;
	}
	gp.set_response_status(rc ? tlm::TLM_ADDRESS_ERROR_RESPONSE
				  : tlm::TLM_OK_RESPONSE);
}

unsigned phb3::mmio_dbg(tlm::tlm_generic_payload &gp)
{
	const std::uint64_t a = gp.get_address();
	std::uint64_t v;

	/* 8-byte register reads only: a debugger's look, nothing changes */
	if (!m_ || !gp.is_read() || gp.get_data_length() != 8 ||
	    tcesim_mmio_peek(m_, static_cast<unsigned>(a / mmio_stride),
			     a % mmio_stride, &v))
		return 0;
	be_put(gp.get_data_ptr(), 8, v);
	return 8;
}

/* ---- dma socket ---- */

void phb3::dma_b_transport(tlm::tlm_generic_payload &gp,
			   sc_core::sc_time &delay)
{
	rid_extension *ext = nullptr;
	tcesim_dma_req req{};
	tcesim_dma_result res{};
	sc_core::sc_time data = sc_core::SC_ZERO_TIME;
	std::uint64_t arrival;
	int rc;

	gp.get_extension(ext);
	if (!m_ || !ext) {
		if (!ext)
			SC_REPORT_WARNING(name(), "DMA without a rid_extension: refused");
		gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
		return;
	}
	if (gp.get_byte_enable_ptr()) {
		gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
		return;
	}
	if (gp.get_streaming_width() < gp.get_data_length()) {
		gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
		return;
	}
	if (!gp.is_read() && !gp.is_write()) {
		gp.set_response_status(tlm::TLM_OK_RESPONSE);
		return;
	}
	if (!gp.get_data_length()) {
		gp.set_response_status(tlm::TLM_OK_RESPONSE);
		return;
	}
	busy_enter("dma b_transport");
	st_.dmas++;
	/* functional mode: no timing model, no arrival (the machine clock
	   moves only with timed requests) */
	arrival = timing_ ? cycles_of(sc_core::sc_time_stamp() + delay)
			  : TCESIM_ASAP;
	req.rid = ext->rid;
	req.addr = gp.get_address();
	req.len = gp.get_data_length();
	req.dir = gp.is_write() ? TCESIM_DMA_WRITE : TCESIM_DMA_READ;
	req.arrival = arrival;
	records_.clear();
	mem_delay_ = sc_core::SC_ZERO_TIME;
	in_dma_ = true;
	rc = tcesim_dma(m_, ext->phb, &req, gp.get_data_ptr(), &res);
	in_dma_ = false;
	busy_ = false;
	if (rc) {
		gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
		return;
	}
	/* memory time not consumed by the timing model: data, PEST, and
	   (functional mode) the table reads too */
	data = mem_delay_;
	for (const record &r : records_)
		if (!r.consumed)
			data += r.delay;
	if (data_by_dmi_ && res.status == TCESIM_DMA_OK)
		data += gp.is_write() ? dmi_wr_lat_ : dmi_rd_lat_;
	if (timing_)
		delay += period_ * static_cast<double>(res.done - arrival);
	delay += data;
	ext->done = true;
	ext->result = res;
	ext->data_delay = data;
	switch (res.status) {
	case TCESIM_DMA_OK:
		/* the page's TCE is in the cache now: DMI may be granted */
		gp.set_dmi_allowed(true);
		gp.set_response_status(tlm::TLM_OK_RESPONSE);
		break;
	case TCESIM_DMA_MSI:
		gp.set_response_status(tlm::TLM_OK_RESPONSE);
		break;
	case TCESIM_DMA_FAULT:
		gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
		break;
	default:
		gp.set_response_status(frozen_response);
		break;
	}
	if (res.status == TCESIM_DMA_FAULT || res.status == TCESIM_DMA_FROZEN) {
		/* a freeze (and its PELT-V domain): no DMI into frozen PEs */
		const unsigned phb = ext->phb;

		revoke_if([&](const grant &g) { return g.phb == phb; });
		update_eeh();
	}
}

unsigned phb3::dma_dbg(tlm::tlm_generic_payload &gp)
{
	rid_extension *ext = nullptr;
	std::uint64_t a = gp.get_address();
	unsigned done = 0, len = gp.get_data_length();
	unsigned char *p = gp.get_data_ptr();

	gp.get_extension(ext);
	if (!m_ || !ext || (!gp.is_read() && !gp.is_write()))
		return 0;
	debug_ = true;
	while (done < len) {
		tcesim_probe_result pr{};
		std::uint64_t page, n;

		if (tcesim_probe(m_, ext->phb, ext->rid, a,
				 gp.is_write() ? TCESIM_DMA_WRITE
					       : TCESIM_DMA_READ, &pr) ||
		    pr.fault != TCESIM_FAULT_NONE)
			break;
		page = 1ull << pr.page_shift;
		n = page - (a & (page - 1));
		if (n > len - done)
			n = len - done;
		if (mem_access(gp.is_write(), pr.pa, p + done,
			       static_cast<std::size_t>(n)))
			break;
		done += static_cast<unsigned>(n);
		a += n;
	}
	debug_ = false;
	return done;
}

bool phb3::dma_get_dmi(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
	rid_extension *ext = nullptr;
	const std::uint64_t a = gp.get_address();
	const bool wr = gp.is_write();
	tcesim_probe_result pr{};
	tcesim_cached_tce ct{};
	tlm::tlm_generic_payload mg;
	tlm::tlm_dmi md;

	gp.get_extension(ext);
	/* the page this DMI would cover, unknown yet: allow none */
	dmi.allow_none();
	if (!m_ || !ext)
		return false;
	debug_ = true;
	int rc = tcesim_probe(m_, ext->phb, ext->rid, a,
			      wr ? TCESIM_DMA_WRITE : TCESIM_DMA_READ, &pr);
	debug_ = false;
	/* a PE, not frozen, whose TCE for this page is cached, valid and
	   allows the access */
	if (rc || pr.pe == 0xffff ||
	    tcesim_pe_frozen(m_, ext->phb, pr.pe) != 0 ||
	    tcesim_tce_cached(m_, ext->phb, pr.pe, a, &ct) ||
	    !(wr ? ct.write : ct.read)) {
		st_.dmi_refused++;
		return false;
	}
	const std::uint64_t page = 1ull << ct.page_shift;
	const std::uint64_t page_pa = ct.pa - (a - ct.page_addr);

	mg.set_command(wr ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
	mg.set_address(opt_.mem_base + page_pa + (a - ct.page_addr));
	if (!mem->get_direct_mem_ptr(mg, md) ||
	    !(wr ? md.is_write_allowed() : md.is_read_allowed())) {
		st_.dmi_refused++;
		return false;
	}
	/* the IO page, clipped to the memory's region */
	const std::uint64_t page_mem = opt_.mem_base + page_pa;
	std::uint64_t lo = page_mem, hi = page_mem + page - 1;

	if (md.get_start_address() > lo)
		lo = md.get_start_address();
	if (md.get_end_address() < hi)
		hi = md.get_end_address();
	dmi.set_dmi_ptr(md.get_dmi_ptr() + (lo - md.get_start_address()));
	dmi.set_start_address(ct.page_addr + (lo - page_mem));
	dmi.set_end_address(ct.page_addr + (hi - page_mem));
	unsigned acc = (ct.read && md.is_read_allowed() ?
			tlm::tlm_dmi::DMI_ACCESS_READ : 0) |
		       (ct.write && md.is_write_allowed() ?
			tlm::tlm_dmi::DMI_ACCESS_WRITE : 0);
	dmi.set_granted_access(static_cast<tlm::tlm_dmi::dmi_access_e>(acc));
	dmi.set_read_latency(md.get_read_latency());
	dmi.set_write_latency(md.get_write_latency());
	grants_.push_back({ ext->phb, pr.pe, dmi.get_start_address(),
			    dmi.get_end_address() });
	st_.dmi_granted++;
	return true;
}

} /* namespace tcesim_sc */
