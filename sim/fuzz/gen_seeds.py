#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Writes the hand-made seed inputs of fuzz_ioctl to corpus/ioctl/. Each
# seed is a list of operations in the byte encoding read by fuzz_ioctl.c
# (opcode byte, then the bytes its op_* function reads, in order); the
# names below say what each one does. Run from anywhere; rerun after a
# change of the encoding.
import os

OPEN, CLOSE, IOCTL, MMAP, MUNMAP, MPROTECT, UWRITE, DMA = 0, 1, 2, 5, 6, 7, 8, 9
SETCONT, SETIOMMU, REGISTER, CREATE, MAP, PROC = 10, 11, 12, 13, 14, 15
UWRITE = 8

def machine(p5ioc2=False, pages4k=False, cap=False, two=False, memlock=0):
    b = (3 if p5ioc2 else 0) | (4 if pages4k else 0) | (8 if cap else 0) | (16 if two else 0)
    return [b, memlock & 0xff, memlock >> 8]

def open_container(slot): return [OPEN, slot]
def open_group(slot, dev=0): return [OPEN, (dev << 6) | (3 << 3) | slot]
def close(slot): return [CLOSE, slot]
def attach(gslot, cslot): return [SETCONT, 0, gslot, cslot]
def detach(gslot): return [SETCONT, 1, gslot, 0]
def set_iommu(cslot, v2=True, enable=False):
    return [SETIOMMU, (1 if v2 else 0) | (0x80 if enable else 0), cslot]
def mmap(region, pages, huge=False, ro=False):
    b = region | (0 if huge else 4) | (0 if ro else 0x20)
    return [MMAP, b, pages - 1]
def munmap(region): return [MUNMAP, region]
def register(cslot, region, unregister=False):
    return [REGISTER, region | (0x80 if unregister else 0), cslot]
def create(cslot, shift_idx=1, levels=1, size_log2=30):
    return [CREATE, shift_idx | ((levels - 1) << 2), cslot, size_log2 - 20]
def map_(cslot, region, start_idx, whole=True, npages=1, off=0, ro=False,
         unmap=False):
    b = region | (start_idx << 2) | (0x20 if whole else 0) | (0x80 if ro else 0)
    return [MAP, b, cslot, npages - 1, off, 0 if unmap else 1]
def dma(start_idx, off=0, write=False, dev=0, length8=True):
    b = dev | (0x80 if write else 0)
    return [DMA, b, (start_idx << 4), off, 3]
def fork(): return [PROC, 0]
def switch(i): return [PROC, 1 | (i << 2)]

seeds = {
    # v2: container, group, prereg 1 MiB, 1 GiB DDW at 1<<59, map, DMA
    # read and write, unmap, unregister, close.
    "v2_flow": machine() + open_container(0) + open_group(1) + attach(1, 0)
        + set_iommu(0) + mmap(0, 16) + register(0, 0) + create(0)
        + map_(0, 0, 3) + dma(3) + dma(3, write=True) + map_(0, 0, 3, unmap=True)
        + register(0, 0, unregister=True) + close(1) + close(0),
    # v2 left mapped and registered: close must release everything.
    "v2_close_mapped": machine() + open_container(0) + open_group(1) + attach(1, 0)
        + set_iommu(0) + mmap(0, 4) + register(0, 0) + create(0, levels=2)
        + map_(0, 0, 3) + dma(3, write=True) + close(0) + close(1),
    # v1: set_iommu v1 + enable, map into the 32-bit window at 0, DMA.
    "v1_enable_map": machine(memlock=0xffff) + open_container(0) + open_group(1) + attach(1, 0)
        + set_iommu(0, v2=False, enable=True) + mmap(1, 8)
        + map_(0, 1, 0, whole=False, npages=4) + dma(0) + dma(0, write=True)
        + map_(0, 1, 0, whole=False, npages=4, unmap=True) + close(1) + close(0),
    # v1 with 4K host pages and a mapping left behind at close.
    "v1_4k_leftover": machine(pages4k=True, cap=True) + open_container(0) + open_group(1)
        + attach(1, 0) + set_iommu(0, v2=False, enable=True) + mmap(2, 16)
        + map_(0, 2, 0, whole=True) + dma(0, write=True) + close(0) + close(1),
    # P5IOC2, v1 (the only type it has).
    "p5ioc2_v1": machine(p5ioc2=True, memlock=0xffff) + open_container(0) + open_group(1)
        + attach(1, 0) + set_iommu(0, v2=False, enable=True) + mmap(0, 4)
        + map_(0, 0, 0, whole=True) + dma(0) + dma(0, write=True) + close(1) + close(0),
    # Two groups in one v2 container, hugetlb memory, detach one.
    "v2_two_groups_huge": machine(two=True) + open_container(0) + open_group(1, 0)
        + open_group(2, 1) + attach(1, 0) + attach(2, 0) + set_iommu(0)
        + mmap(3, 1, huge=True) + register(0, 3) + create(0, shift_idx=2, size_log2=34)
        + map_(0, 3, 3) + dma(3, dev=1) + detach(2) + close(2) + close(1) + close(0),
    # A forked process uses the parent's container (mm mismatch paths).
    "v2_fork": machine() + open_container(0) + open_group(1) + attach(1, 0)
        + set_iommu(0) + mmap(0, 2) + register(0, 0) + fork()
        + [PROC, 2 | (0 << 2), 4, 1] + switch(1) + mmap(1, 2) + register(4, 1)
        + switch(0) + close(1) + close(0),
    # memlock of 1 MiB: registering 2 MiB must fail and leave nothing.
    "v2_memlock": machine(memlock=0x10) + open_container(0) + open_group(1)
        + attach(1, 0) + set_iommu(0) + mmap(0, 32) + register(0, 0)
        + close(1) + close(0),
}

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "corpus", "ioctl")
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(data))
print("wrote %d seeds to %s" % (len(seeds), out))
