// SPDX-License-Identifier: GPL-2.0
// Files of the TCE fetch unit twin, in compilation order (packages first).
tce_cfg_pkg.sv
tce_pkg.sv
tce_regs.sv
tce_cmdq.sv
tce_sched.sv
tce_walker.sv
tce_complete.sv
tce_fetch_unit.sv
