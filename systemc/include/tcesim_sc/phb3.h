/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcesim_sc::phb3: tcesim's POWER8 PHB3 (IODA2 TCE translation, with its
 * firmware and, when booted, the VFIO sPAPR TCE driver stack) as a
 * SystemC TLM-2.0 module for loosely timed virtual platforms. Built on
 * libtcesim (tcesim/tcesim.h): the module owns (or attaches to) one
 * tcesim machine. Guide: docs/systemc.md.
 *
 * Sockets:
 *   mmio  target. The register blocks: PHB i at i * mmio_stride (its
 *         4 KiB block; 8-byte accesses). The data bytes are the register
 *         value in big-endian order, as a POWER processor stores it.
 *         b_transport and transport_dbg (reads only, no side effect).
 *   dma   target. Device DMA coming up from PCIe: the address is the PCI
 *         bus address, READ is the device reading host memory, WRITE
 *         writing it; the requester ID travels in rid_extension (needed;
 *         the module also returns the outcome in it). b_transport,
 *         transport_dbg (translation from the tables, no side effect) and
 *         get_direct_mem_ptr (see DMI).
 *   mem   initiator, to system memory: the PHB's RTT and TCE table reads
 *         and PEST writes as b_transports (never DMI); the translated
 *         DMA data through the memory's DMI when it grants DMI over all
 *         of RAM (options.data_dmi), else as b_transports too;
 *         transport_dbg for debug accesses and the firmware's; one
 *         get_direct_mem_ptr at elaboration gives the firmware and the
 *         driver stack their host pointer to RAM (and the data path).
 *   eeh   sc_out<bool>: true while any PE of the machine is frozen (a
 *         fault freezes its PE; firmware calls clear it), updated after
 *         each DMA and each register write, however the write reaches
 *         the PHB. Bind it.
 *
 * Responses on dma: translated -> TLM_OK_RESPONSE (an MSI too: no memory
 * access); translation fault -> TLM_ADDRESS_ERROR_RESPONSE (nothing
 * moved; the PE freezes); PE frozen -> frozen_response (nothing moved);
 * no rid_extension, byte enables, streaming -> TLM_GENERIC_ERROR /
 * TLM_BYTE_ENABLE_ERROR / TLM_BURST_ERROR.
 *
 * Timing (loosely timed): a DMA arrives at the PHB cycle of
 * sc_time_stamp() + delay; in timing mode the annotated delay grows by
 * (translation completion - arrival) cycles x the PHB clock period, the
 * cycles of tcesim's timing model, whose memory latency for each RTT and
 * table read is the delay the memory annotated for that read's
 * b_transport (rounded to PHB cycles); the memory delays of the data
 * transfer (and PEST writes) are added as they come (data by DMI: the
 * DMI read or write latency, once per request). In functional mode
 * only the memory delays are added (and a DMA carries no arrival: the
 * machine clock is left alone). Register writes are timed at
 * sc_time_stamp() + delay; they add no delay.
 *
 * DMI: get_direct_mem_ptr on dma grants a pointer only for an IO page
 * whose TCE is in the PHB's TCE cache and valid (permissions as the TCE
 * gives), of a PE not frozen, clipped to that page (and to the memory's
 * own DMI region). Any TCE kill covering a granted page (kill-one of the
 * page, kill-PE of its PE, kill-all), any other write that can change
 * translations (TVT, RTT, PE state), an RTT cache invalidation and any
 * freeze call invalidate_direct_mem_ptr upstream on dma before the
 * write returns to its initiator (before the kill completes).
 *
 * Rules: bind all three sockets and eeh (SystemC checks it at
 * elaboration). The memory target must not wait() inside b_transport (the PHB
 * is in the middle of a translation); one simulation thread at a time
 * uses the module (SystemC's own rule). Errors in options are reported
 * with SC_REPORT_ERROR.
 */
#ifndef TCESIM_SC_PHB3_H
#define TCESIM_SC_PHB3_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <tcesim/tcesim.h>

namespace tcesim_sc {

/* The response of a DMA refused because its PE is frozen. */
constexpr tlm::tlm_response_status frozen_response =
	tlm::TLM_GENERIC_ERROR_RESPONSE;

/* Spacing of the PHB register blocks on the mmio socket (the machine's
   own physical stride). */
constexpr std::uint64_t mmio_stride = 0x100000;

/* The requester ID of a DMA, and what the PHB did with it. */
class rid_extension : public tlm::tlm_extension<rid_extension> {
public:
	std::uint16_t rid = 0;	/* bus << 8 | device << 3 | function */
	unsigned phb = 0;	/* the PHB of the machine it comes up to */
	/* Filled by phb3 for each b_transport: */
	bool done = false;
	tcesim_dma_result result{};	/* status, fault, PE, PA, cycles... */
	sc_core::sc_time data_delay;	/* the part of the annotated delay
					   spent by memory on the data (and
					   PEST) accesses */

	rid_extension() = default;
	explicit rid_extension(std::uint16_t r, unsigned p = 0)
		: rid(r), phb(p) {}
	tlm::tlm_extension_base *clone() const override;
	void copy_from(const tlm::tlm_extension_base &e) override;
};

class phb3 : public sc_core::sc_module {
public:
	tlm_utils::simple_target_socket<phb3> mmio;
	tlm_utils::simple_target_socket<phb3> dma;
	tlm_utils::simple_initiator_socket<phb3> mem;
	sc_core::sc_out<bool> eeh;

	struct options {
		/* .ini text: the [machine] section (ram, phbs, mode,
		   devices...) and model parameters (docs/embedding.md) */
		std::string ini;
		/* "key=value" overrides, applied after ini */
		std::vector<std::string> set;
		/* where physical address 0 is on the mem socket */
		std::uint64_t mem_base = 0;
		/* the memory reads as zero at the start (TCESIM_MEM_ZEROED):
		   untouched memory stays untouched */
		bool memory_zeroed = false;
		/* move DMA data by the memory's DMI when it grants it over
		   all RAM (annotating its DMI latency once per request);
		   false: every data access a b_transport */
		bool data_dmi = true;
		/* Processor-side MMIO (the firmware's and the driver's
		   register accesses): when set, they go to this function (the
		   platform sends them through its bus to the mmio socket)
		   instead of straight to the model. 0 or -errno. */
		std::function<int(std::uint64_t pa, unsigned size, bool write,
				  std::uint64_t *val)> cpu_mmio;
		/* false: make no machine at end_of_elaboration; the platform
		   attaches one (e.g. a trace replay's, made from a setup this
		   module prepared) */
		bool create_machine = true;
	};

	struct counters {
		std::uint64_t dmas = 0;		/* b_transports on dma */
		std::uint64_t table_reads = 0;	/* reads whose delay fed the
						   timing model */
		std::uint64_t mem_transports = 0; /* b_transports on mem */
		std::uint64_t dmi_granted = 0, dmi_refused = 0;
		std::uint64_t dmi_invalidations = 0; /* upstream calls */
	};

	phb3(sc_core::sc_module_name name, const options &opt);
	~phb3() override;

	/* The machine (after end_of_elaboration or attach), else NULL: for
	   the processor side (tcesim_boot, processes, ioctls, firmware). */
	tcesim_machine *machine() const { return m_; }
	sc_core::sc_time clock_period() const { return period_; }
	const counters &stats() const { return st_; }
	/* DMI pages granted and not yet invalidated. */
	std::size_t dmi_grants() const { return grants_.size(); }

	/* Make s route memory through mem (and processor MMIO through
	   cpu_mmio) as this module's own machine does; call after
	   elaboration. 0 or -errno (tcesim_errmsg()). */
	int prepare(tcesim_setup *s);
	/* Serve a machine made from a prepared setup (e.g. in a replay's
	   on_machine hook; the setup's machine.ram must be the trace's).
	   detach() forgets it (invalidating every DMI grant) without
	   calling it: after the replay, when it is gone. */
	void attach(tcesim_machine *m);
	void detach();

protected:
	void end_of_elaboration() override;

private:
	struct record {
		std::uint64_t pa;
		std::size_t len;
		bool read;
		sc_core::sc_time delay;
		bool consumed;
	};
	struct grant {
		unsigned phb;
		std::uint16_t pe;
		std::uint64_t start, end;	/* bus addresses, inclusive */
	};

	void mmio_b_transport(tlm::tlm_generic_payload &gp,
			      sc_core::sc_time &delay);
	unsigned mmio_dbg(tlm::tlm_generic_payload &gp);
	void dma_b_transport(tlm::tlm_generic_payload &gp,
			     sc_core::sc_time &delay);
	unsigned dma_dbg(tlm::tlm_generic_payload &gp);
	bool dma_get_dmi(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
	void mem_invalidate(sc_dt::uint64 start, sc_dt::uint64 end);

	static int mem_read_cb(void *ctx, std::uint64_t pa, void *buf,
			       std::size_t len);
	static int mem_write_cb(void *ctx, std::uint64_t pa, const void *buf,
				std::size_t len);
	static int route_cb(void *ctx, std::uint64_t pa, unsigned size,
			    bool write, std::uint64_t *val);
	static std::uint64_t latency_cb(void *ctx, unsigned phb,
					std::uint64_t pa, unsigned bytes);
	static void kill_cb(void *ctx, unsigned phb, unsigned kind,
			    std::uint16_t pe, std::uint64_t bus_addr);
	static void rtt_cb(void *ctx, unsigned phb, bool all,
			   std::uint16_t rid);
	static void write_cb(void *ctx, unsigned phb, std::uint64_t off,
			     std::uint64_t val);

	int mem_access(bool write, std::uint64_t pa, void *buf,
		       std::size_t len);
	std::uint64_t cycles_of(const sc_core::sc_time &t) const;
	void revoke_if(const std::function<bool(const grant &)> &covered);
	void update_eeh();
	void busy_enter(const char *what);

	options opt_;
	tcesim_setup *setup_ = nullptr;
	tcesim_machine *m_ = nullptr;
	bool owned_ = false;
	bool timing_ = false;
	unsigned nr_phbs_ = 0;
	sc_core::sc_time period_;
	unsigned char *ram_ptr_ = nullptr;	/* RAM through memory DMI */
	bool data_by_dmi_ = false;
	sc_core::sc_time dmi_rd_lat_, dmi_wr_lat_;
	std::uint64_t ram_bytes_ = 0;
	bool in_dma_ = false, debug_ = false, busy_ = false;
	std::vector<record> records_;	/* timing mode */
	sc_core::sc_time mem_delay_;	/* functional mode: their sum */
	tlm::tlm_generic_payload mem_gp_;	/* the PHB's memory accesses */
	std::vector<grant> grants_;
	bool eeh_ = false;
	counters st_;
};

} /* namespace tcesim_sc */

#endif /* TCESIM_SC_PHB3_H */
