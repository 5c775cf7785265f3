/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform pieces around tcesim_sc::phb3 in examples/systemc (the
 * tests in systemc/tests use them too):
 *   memory      a TLM memory target: sparse (untouched bytes cost nothing
 *               and read zero), a fixed latency per b_transport, DMI over
 *               all of it, transport_dbg.
 *   dma_engine  a PCIe device: an initiator with a requester ID (in
 *               tcesim_sc::rid_extension) that reads and writes bus
 *               addresses, optionally through a DMI pointer it asks the
 *               PHB for, dropped when the PHB invalidates it.
 *   cpu_port    the processor's MMIO path: an initiator socket to the
 *               PHB's mmio socket, used by the machine's firmware and
 *               driver through the phb3 options' cpu_mmio hook.
 */
#ifndef TCESIM_EXAMPLE_MODULES_H
#define TCESIM_EXAMPLE_MODULES_H

#include <cstdint>
#include <cstring>
#include <sys/mman.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <tcesim_sc/phb3.h>

namespace example {

class memory : public sc_core::sc_module {
public:
	tlm_utils::simple_target_socket<memory> socket;
	std::uint64_t accesses = 0;	/* b_transports served */

	memory(sc_core::sc_module_name n, std::uint64_t bytes,
	       sc_core::sc_time latency)
		: sc_core::sc_module(n), socket("socket"), bytes_(bytes),
		  latency_(latency)
	{
		void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			       -1, 0);

		if (p == MAP_FAILED)
			SC_REPORT_FATAL(name(), "cannot reserve the memory");
		mem_ = static_cast<unsigned char *>(p);
		socket.register_b_transport(this, &memory::b_transport);
		socket.register_transport_dbg(this, &memory::transport_dbg);
		socket.register_get_direct_mem_ptr(this, &memory::get_dmi);
	}
	~memory() override { munmap(mem_, bytes_); }

	unsigned char *host(std::uint64_t a) { return mem_ + a; }
	sc_core::sc_time latency() const { return latency_; }

private:
	bool in_range(const tlm::tlm_generic_payload &gp) const
	{
		return gp.get_address() < bytes_ &&
		       gp.get_data_length() <= bytes_ - gp.get_address();
	}

	unsigned copy(tlm::tlm_generic_payload &gp)
	{
		if (!in_range(gp)) {
			gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
			return 0;
		}
		if (gp.is_write())
			std::memcpy(mem_ + gp.get_address(), gp.get_data_ptr(),
				    gp.get_data_length());
		else if (gp.is_read())
			std::memcpy(gp.get_data_ptr(), mem_ + gp.get_address(),
				    gp.get_data_length());
		gp.set_response_status(tlm::TLM_OK_RESPONSE);
		return gp.get_data_length();
	}

	void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
	{
		accesses++;
		copy(gp);
		delay += latency_;	/* loosely timed: annotate, never wait */
		gp.set_dmi_allowed(true);
	}

	unsigned transport_dbg(tlm::tlm_generic_payload &gp)
	{
		return copy(gp);
	}

	bool get_dmi(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &d)
	{
		(void)gp;
		d.set_dmi_ptr(mem_);
		d.set_start_address(0);
		d.set_end_address(bytes_ - 1);
		d.allow_read_write();
		d.set_read_latency(latency_);
		d.set_write_latency(latency_);
		return true;
	}

	unsigned char *mem_;
	std::uint64_t bytes_;
	sc_core::sc_time latency_;
};

class dma_engine : public sc_core::sc_module {
public:
	tlm_utils::simple_initiator_socket<dma_engine> socket;
	std::uint16_t rid;
	unsigned phb = 0;
	bool use_dmi = false;		/* ask for DMI after a good access */
	std::uint64_t invalidations = 0;
	/* what the last access did */
	tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
	tcesim_sc::rid_extension last;
	bool last_via_dmi = false;

	dma_engine(sc_core::sc_module_name n, std::uint16_t r)
		: sc_core::sc_module(n), socket("socket"), rid(r)
	{
		socket.register_invalidate_direct_mem_ptr(
			this, &dma_engine::invalidate);
	}

	/* One access at bus address a; delay is the caller's local time,
	   annotated as TLM-2.0 LT does. True when it went through. */
	bool access(bool write, std::uint64_t a, void *data, unsigned len,
		    sc_core::sc_time &delay)
	{
		if (dmi_covers(a, len, write)) {
			unsigned char *p = dmi_.get_dmi_ptr() +
					   (a - dmi_.get_start_address());

			if (write)
				std::memcpy(p, data, len);
			else
				std::memcpy(data, p, len);
			delay += write ? dmi_.get_write_latency()
				       : dmi_.get_read_latency();
			last_via_dmi = true;
			status = tlm::TLM_OK_RESPONSE;
			return true;
		}
		last_via_dmi = false;
		/* one payload and extension, reused (the usual LT initiator) */
		tlm::tlm_generic_payload &gp = gp_;
		tcesim_sc::rid_extension &ext = ext_;

		ext = tcesim_sc::rid_extension(rid, phb);
		gp.set_command(write ? tlm::TLM_WRITE_COMMAND
				     : tlm::TLM_READ_COMMAND);
		gp.set_address(a);
		gp.set_data_ptr(static_cast<unsigned char *>(data));
		gp.set_data_length(len);
		gp.set_streaming_width(len);
		gp.set_byte_enable_ptr(nullptr);
		gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
		gp.set_dmi_allowed(false);
		gp.set_extension(&ext);
		socket->b_transport(gp, delay);
		status = gp.get_response_status();
		last = ext;
		if (status == tlm::TLM_OK_RESPONSE && use_dmi && !has_dmi_ &&
		    gp.is_dmi_allowed())
			has_dmi_ = socket->get_direct_mem_ptr(gp, dmi_);
		gp.clear_extension(&ext);
		return status == tlm::TLM_OK_RESPONSE;
	}

	bool has_dmi() const { return has_dmi_; }
	const tlm::tlm_dmi &dmi() const { return dmi_; }
	/* Ask for DMI at a now (tests). */
	bool request_dmi(std::uint64_t a, bool write)
	{
		tlm::tlm_generic_payload gp;
		tcesim_sc::rid_extension ext(rid, phb);

		gp.set_command(write ? tlm::TLM_WRITE_COMMAND
				     : tlm::TLM_READ_COMMAND);
		gp.set_address(a);
		gp.set_extension(&ext);
		has_dmi_ = socket->get_direct_mem_ptr(gp, dmi_);
		gp.clear_extension(&ext);
		return has_dmi_;
	}

private:
	bool dmi_covers(std::uint64_t a, unsigned len, bool write) const
	{
		return has_dmi_ && a >= dmi_.get_start_address() &&
		       a + len - 1 <= dmi_.get_end_address() &&
		       (write ? dmi_.is_write_allowed()
			      : dmi_.is_read_allowed());
	}

	void invalidate(sc_dt::uint64 start, sc_dt::uint64 end)
	{
		invalidations++;
		if (has_dmi_ && start <= dmi_.get_end_address() &&
		    end >= dmi_.get_start_address())
			has_dmi_ = false;
	}

	tlm::tlm_dmi dmi_;
	bool has_dmi_ = false;
	tlm::tlm_generic_payload gp_;
	tcesim_sc::rid_extension ext_;
};

/* The processor's way to the PHB registers: physical addresses of the
   PHB register blocks, sent on socket at their offset from regs_base. */
class cpu_port : public sc_core::sc_module {
public:
	tlm_utils::simple_initiator_socket<cpu_port> socket;
	sc_core::sc_time local;		/* time the processor spent on MMIO */
	std::uint64_t accesses = 0;

	cpu_port(sc_core::sc_module_name n, std::uint64_t regs_base)
		: sc_core::sc_module(n), socket("socket"), base_(regs_base) {}

	int access(std::uint64_t pa, unsigned size, bool write,
		   std::uint64_t *val)
	{
		unsigned char b[8];
		tlm::tlm_generic_payload gp;

		if (write)
			for (unsigned i = 0; i < size; i++)
				b[i] = static_cast<unsigned char>(
					*val >> (8 * (size - 1 - i)));
		gp.set_command(write ? tlm::TLM_WRITE_COMMAND
				     : tlm::TLM_READ_COMMAND);
		gp.set_address(pa - base_);
		gp.set_data_ptr(b);
		gp.set_data_length(size);
		gp.set_streaming_width(size);
		gp.set_byte_enable_ptr(nullptr);
		gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
		socket->b_transport(gp, local);
		accesses++;
		if (gp.is_response_error())
			return -5;	/* -EIO */
		if (!write) {
			*val = 0;
			for (unsigned i = 0; i < size; i++)
				*val = *val << 8 | b[i];
		}
		return 0;
	}

private:
	std::uint64_t base_;
};

} /* namespace example */

#endif /* TCESIM_EXAMPLE_MODULES_H */
