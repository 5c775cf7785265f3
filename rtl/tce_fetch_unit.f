// SPDX-License-Identifier: GPL-2.0
// Files of the TCE fetch unit twin, in compilation order (packages first).
tce_cfg_pkg.sv
tce_pkg.sv
tce_regs.sv
tce_cmdq.sv
tce_sched.sv
// (tce_sched.sv includes tce_sched_res.svh and tce_sched_lookup.svh: its
// functions, in its scope; found next to it, not compiled on their own)
tce_walker.sv
tce_complete.sv
tce_fetch_unit.sv
