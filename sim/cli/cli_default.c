// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in default scenario of `tcesim run` (and `make run`): a
 * guest-like VFIO sPAPR TCE v2 session on one PHB3, written in the trace
 * language. Expected values come from the references: VFIO UAPI numbers
 * and IODA2 values (kernel-abi §1, §2.7, §2.8), the 1<<59 second window.
 */
#include "cli.h"

const char cli_default_scenario_title[] =
	"guest-like VFIO v2 session on PHB3: prereg, huge DDW, map, DMA, unmap, fault, freeze, clear";

const char cli_default_scenario[] =
"tcesim-trace 1\n"
"machine platform=phb3 phbs=1 ram=64G page_size=64K memlock=16G cap_ipc_lock=0\n"
"group g0 dev=0:0x0100\n"
"boot\n"
"proc_create vmm\n"
"echo \"guest RAM: 4 GiB of 16 MiB hugetlb pages at user address 0x10000000000\"\n"
"mmap ua=0x10000000000 size=4G page_size=16M prot=rw hugetlb=1\n"
"container_open c0\n"
"group_open g0\n"
"group_attach g0 container=c0\n"
"check_extension c0 ext=7 expect.ret=1\n"
"set_iommu c0 type=v2\n"
"get_info c0 argsz=32 expect.flags=1 expect.windows=2 expect.levels=5\n"
"echo \"preregister all guest RAM: 4 GiB / 64 KiB = 65536 pages of locked_vm\"\n"
"register c0 ua=0x10000000000 size=4G\n"
"expect locked_vm=65536\n"
"echo \"a huge DDW: 1 TiB of 16 MiB pages, 2-level table, in window slot 1 (bus 1<<59)\"\n"
"create_window c0 page_shift=24 size=1T levels=2 expect.start=0x800000000000000\n"
"map c0 ua=0x10000000000 iova=0x800000000000000 size=4G dir=rw\n"
"uwrite ua=0x10001000000 data=0011223344556677\n"
"dma dev=0:0x0100 addr=0x800000001000000 len=8 dir=read expect.status=ok expect.ua=0x10001000000 expect.data=0011223344556677\n"
"dma dev=0:0x0100 addr=0x800000001000010 len=8 dir=write data=8899aabbccddeeff expect.status=ok expect.ua=0x10001000010\n"
"uread ua=0x10001000010 len=8 expect.data=8899aabbccddeeff\n"
"echo \"unmap the second 16 MiB page, then DMA to it: a TCE fault freezes the PE\"\n"
"unmap c0 iova=0x800000001000000 size=16M\n"
"dma dev=0:0x0100 addr=0x800000001000000 len=8 dir=read expect.status=fault\n"
"dma dev=0:0x0100 addr=0x800000000000000 len=8 dir=read expect.status=frozen\n"
"eeh_pe_op c0 op=get_state expect.state=2\n"
"eeh_pe_op c0 op=unfreeze_io\n"
"eeh_pe_op c0 op=unfreeze_dma\n"
"eeh_pe_op c0 op=get_state expect.state=0\n"
"dma dev=0:0x0100 addr=0x800000000000000 len=8 dir=read expect.status=ok expect.ua=0x10000000000\n"
"unmap c0 iova=0x800000000000000 size=4G\n"
"remove_window c0 start=0x800000000000000\n"
"unregister c0 ua=0x10000000000 size=4G\n"
"expect pinned=0\n"
"# closing the group and the container frees the tables: nothing stays charged\n"
"close g0\n"
"close c0\n"
"expect locked_vm=0 pinned=0\n";
