#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Analyse captured QEMU logs against tcesim (scenarios/qemu/captured/).

Usage: scripts/analyze-qemu-captures.py TCESIM CAPTURED_DIR OUTDIR

For every CAPTURED_DIR/*.log.xz: decompress into OUTDIR, run
`TCESIM import qemu LOG -o TRACE` with default options, `replay --check`
and `replay`, and classify every failed ioctl and failed expectation by
(operation, result), with one example: the log line, the trace line and
what replay printed. pseries logs are also imported in "layers" (a user
address base away from 0, then --infer-indirect, then the DDW window
enlarged to a 4 KiB table) to show what each fix of issue 11 leaves.
Facts about the log itself: which event established the TCE each device
DMA (spapr_iommu_xlate) used, and whether the "consecutive pages"
assumption for H_PUT_TCE_INDIRECT holds for the entries that were used.

powernv logs: every PHB3 register read (phb3-regs MMIO and the PBCQ ASB
XSCOM path) with the value QEMU returned and the value tcesim's model
returns in the replay, written as CSV (OUTDIR/phb3-reads.csv,
OUTDIR/phb3-ioda-reads.csv, OUTDIR/phb3-asb.csv), plus the IODA tables
accessed. A summary in Markdown goes to stdout.

Needs python3 and xz; writes only under OUTDIR.
"""
import collections
import csv
import lzma
import os
import re
import subprocess
import sys

LINE = re.compile(r'^(?:(\d+)@(\d+\.\d+):)?([a-z_0-9]+) ?(.*)$')
KV = re.compile(r'([A-Za-z_]+[A-Za-z_0-9]*)=(-?0x[0-9a-fA-F]+|-?\d+)')
MR = re.compile(r'cpu (\d+) mr (\S+) addr (0x[0-9a-f]+) value (0x[0-9a-f]+) '
                r'size (\d+) name \'([^\']*)\'')
XL = re.compile(r'liobn=(0x[0-9a-f]+) (0x[0-9a-f]+) -> (0x[0-9a-f]+) '
                r'perm=(\d+) mask=(0x[0-9a-f]+)')
OPLINE = re.compile(r'^ *(\d+) (.*) -> (.*)$')
EXPF = re.compile(r'^[^:]+:(\d+): expectation failed: (.*)$')

UA_LAYER = 0x7e0000000000  # a VMM-like address clear of replay's scratch page

TSEL = {1: 'LIST', 2: 'LXIVT', 3: 'IVC_CAM', 4: 'RBA', 5: 'RCAM', 6: 'MRT',
        7: 'PESTA', 8: 'PESTB', 9: 'TVT', 10: 'TCAM', 11: 'TDR',
        16: 'M64BT', 17: 'M32DT', 20: 'PEEV'}
TSIZE = {1: 8, 2: 8, 3: 32, 4: 32, 5: 64, 6: 8, 7: 256, 8: 256, 9: 512,
         10: 64, 11: 64, 16: 16, 17: 256, 20: 4}

# PHB3 register names by offset (facts from the PHB3 register
# documentation as published in skiboot's phb3-regs.h; names only).
REGNAME = {
    0x100: 'BUID', 0x110: 'DMA_CHAN_STATUS', 0x120: 'CPU_LOADSTORE_STATUS',
    0x130: 'CONFIG_DATA', 0x138: 'LOCK0', 0x140: 'CONFIG_ADDRESS',
    0x148: 'LOCK1', 0x150: 'IVT_BAR', 0x158: 'RBA_BAR',
    0x160: 'PHB3_CONFIG', 0x168: 'RTT_BAR', 0x188: 'PELTV_BAR',
    0x190: 'M32_BASE_ADDR', 0x198: 'M32_BASE_MASK', 0x1a0: 'M32_START_ADDR',
    0x1a8: 'PEST_BAR', 0x1f0: 'M64_UPPER_BITS', 0x1f8: 'INTREP_TIMER',
    0x200: 'DMARD_SYNC', 0x208: 'RTC_INVALIDATE', 0x210: 'TCE_KILL',
    0x218: 'TCE_SPEC_CTL', 0x220: 'IODA_ADDR', 0x228: 'IODA_DATA0',
    0x238: 'FFI_REQUEST', 0x240: 'FFI_LOCK', 0x248: 'XIVE_UPDATE',
    0x250: 'PHB3_GEN_CAP', 0x258: 'PHB3_TCE_CAP', 0x260: 'PHB3_IRQ_CAP',
    0x268: 'PHB3_EEH_CAP', 0x2a0: 'IVC_INVALIDATE', 0x2a8: 'IVC_UPDATE',
    0x2b0: 'PAPR_ERR_INJ_CTL', 0x2b8: 'PAPR_ERR_INJ_ADDR',
    0x2c0: 'PAPR_ERR_INJ_MASK', 0x2c8: 'ETU_ERR_SUMMARY',
    0x400: 'UTL_SYS_BUS_CONTROL', 0x408: 'UTL_STATUS',
    0x410: 'UTL_SYS_BUS_AGENT_STATUS', 0x418: 'UTL_SYS_BUS_AGENT_ERR_SEVERITY',
    0x420: 'UTL_SYS_BUS_AGENT_IRQ_EN', 0x440: 'UTL_SYS_BUS_BURST_SZ_CONF',
    0x448: 'UTL_REVISION_ID', 0x4c0: 'UTL_OUT_POST_HDR_BUF_ALLOC',
    0x4d0: 'UTL_OUT_POST_DAT_BUF_ALLOC', 0x4e0: 'UTL_IN_POST_HDR_BUF_ALLOC',
    0x4f0: 'UTL_IN_POST_DAT_BUF_ALLOC', 0x500: 'UTL_OUT_NP_BUF_ALLOC',
    0x510: 'UTL_IN_NP_BUF_ALLOC', 0x520: 'UTL_PCIE_TAGS_ALLOC',
    0x530: 'UTL_GBIF_READ_TAGS_ALLOC', 0x540: 'UTL_PCIE_PORT_CONTROL',
    0x548: 'UTL_PCIE_PORT_STATUS', 0x550: 'UTL_PCIE_PORT_ERROR_SEV',
    0x558: 'UTL_PCIE_PORT_IRQ_EN', 0x560: 'UTL_RC_STATUS',
    0x568: 'UTL_RC_ERR_SEVERITY', 0x570: 'UTL_RC_IRQ_EN',
    0x578: 'UTL_EP_STATUS', 0x580: 'UTL_EP_ERR_SEVERITY',
    0x588: 'UTL_EP_ERR_IRQ_EN', 0x5a0: 'UTL_PCI_PM_CTRL1',
    0x5a8: 'UTL_PCI_PM_CTRL2', 0x5b0: 'UTL_GP_CTL1', 0x5b8: 'UTL_GP_CTL2',
    0x600: 'PCIE_SYSTEM_CONFIG', 0x608: 'PCIE_BUS_NUMBER',
    0x618: 'PCIE_SYSTEM_TEST', 0x630: 'PCIE_LINK_MANAGEMENT',
    0x640: 'PCIE_DLP_TRAIN_CTL', 0x648: 'PCIE_SLOP_LOOPBACK_STATUS',
    0x668: 'PCIE_SYS_LINK_INIT', 0x670: 'PCIE_UTL_CONFIG',
    0x678: 'PCIE_DLP_CONTROL', 0x680: 'PCIE_UTL_ERRLOG1',
    0x688: 'PCIE_UTL_ERRLOG2', 0x690: 'PCIE_UTL_ERRLOG3',
    0x698: 'PCIE_UTL_ERRLOG4', 0x6a0: 'PCIE_DLP_ERRLOG1',
    0x6a8: 'PCIE_DLP_ERRLOG2', 0x6b0: 'PCIE_DLP_ERR_STATUS',
    0x6b8: 'PCIE_DLP_ERR_COUNTERS', 0x6d0: 'PCIE_LANE_EQ_CNTL0',
    0x6d8: 'PCIE_LANE_EQ_CNTL1', 0x6e0: 'PCIE_LANE_EQ_CNTL2',
    0x6e8: 'PCIE_LANE_EQ_CNTL3',
    0x800: 'VERSION', 0x808: 'RESET',
    0x810: 'CONTROL', 0x818: 'AIB_RX_CRED_INIT_TIMER',
    0x820: 'AIB_RX_CMD_CRED', 0x828: 'AIB_RX_DATA_CRED',
    0x830: 'AIB_TX_CMD_CRED', 0x838: 'AIB_TX_DATA_CRED',
    0x840: 'AIB_TX_CHAN_MAPPING', 0x858: 'AIB_TAG_ENABLE',
    0x860: 'AIB_FENCE_CTRL', 0x868: 'TCE_TAG_ENABLE', 0x870: 'TCE_WATERMARK',
    0x878: 'TIMEOUT_CTRL1', 0x880: 'TIMEOUT_CTRL2', 0x888: 'Q_DMA_R',
    0x900: 'AIB_TAG_STATUS', 0x908: 'TCE_TAG_STATUS',
    0xc00: 'LEM_FIR_ACCUM', 0xc08: 'LEM_FIR_AND_MASK',
    0xc10: 'LEM_FIR_OR_MASK', 0xc18: 'LEM_ERROR_MASK',
    0xc20: 'LEM_ERROR_AND_MASK', 0xc28: 'LEM_ERROR_OR_MASK',
    0xc30: 'LEM_ACTION0', 0xc38: 'LEM_ACTION1', 0xc40: 'LEM_WOF',
    0xc80: 'ERR_STATUS', 0xc88: 'ERR1_STATUS', 0xc90: 'ERR_INJECT',
    0xc98: 'ERR_LEM_ENABLE', 0xca0: 'ERR_IRQ_ENABLE',
    0xca8: 'ERR_FREEZE_ENABLE', 0xcb0: 'ERR_AIB_FENCE_ENABLE',
    0xcc0: 'ERR_LOG_0', 0xcc8: 'ERR_LOG_1', 0xcd0: 'ERR_STATUS_MASK',
    0xcd8: 'ERR1_STATUS_MASK', 0xd00: 'OUT_ERR_STATUS',
    0xd08: 'OUT_ERR1_STATUS', 0xd10: 'OUT_ERR_INJECT',
    0xd18: 'OUT_ERR_LEM_ENABLE', 0xd20: 'OUT_ERR_IRQ_ENABLE',
    0xd28: 'OUT_ERR_FREEZE_ENABLE', 0xd30: 'OUT_ERR_AIB_FENCE_ENABLE',
    0xd40: 'OUT_ERR_LOG_0', 0xd48: 'OUT_ERR_LOG_1',
    0xd50: 'OUT_ERR_STATUS_MASK', 0xd58: 'OUT_ERR1_STATUS_MASK',
    0xd80: 'INA_ERR_STATUS', 0xd88: 'INA_ERR1_STATUS',
    0xd90: 'INA_ERR_INJECT', 0xd98: 'INA_ERR_LEM_ENABLE',
    0xda0: 'INA_ERR_IRQ_ENABLE', 0xda8: 'INA_ERR_FREEZE_ENABLE',
    0xdb0: 'INA_ERR_AIB_FENCE_ENABLE', 0xdc0: 'INA_ERR_LOG_0',
    0xdc8: 'INA_ERR_LOG_1', 0xdd0: 'INA_ERR_STATUS_MASK',
    0xdd8: 'INA_ERR1_STATUS_MASK', 0xe00: 'INB_ERR_STATUS',
    0xe08: 'INB_ERR1_STATUS', 0xe10: 'INB_ERR_INJECT',
    0xe18: 'INB_ERR_LEM_ENABLE', 0xe20: 'INB_ERR_IRQ_ENABLE',
    0xe28: 'INB_ERR_FREEZE_ENABLE', 0xe30: 'INB_ERR_AIB_FENCE_ENABLE',
    0xe40: 'INB_ERR_LOG_0', 0xe48: 'INB_ERR_LOG_1',
    0xe50: 'INB_ERR_STATUS_MASK', 0xe58: 'INB_ERR1_STATUS_MASK',
}


def regname(off):
    return REGNAME.get(off, REGNAME.get(off & ~7, '?'))


class Ev:
    __slots__ = ('no', 'ts', 'name', 'args', 'text')

    def __init__(self, no, ts, name, args, text):
        self.no, self.ts, self.name, self.args, self.text = no, ts, name, args, text


def read_log(path):
    evs = []
    with open(path, errors='replace') as f:
        for no, raw in enumerate(f, 1):
            raw = raw.rstrip('\n')
            m = LINE.match(raw)
            if not m or not m.group(3):
                continue
            ts = float(m.group(2)) if m.group(2) else None
            evs.append(Ev(no, ts, m.group(3), m.group(4), raw))
    return evs


def kv(args):
    return {k: int(v, 0) for k, v in KV.findall(args)}


def run(cmd, out):
    with open(out, 'w') as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    return p.returncode


def parse_replay(path):
    """-> ({trace line: (op text, result)}, {trace line: failure text}, report)"""
    ops, fails, rep = {}, {}, {}
    in_rep = False
    with open(path, errors='replace') as f:
        for ln in f:
            ln = ln.rstrip('\n')
            m = EXPF.match(ln)
            if m:
                fails[int(m.group(1))] = m.group(2)
                continue
            if ln.startswith('== report'):
                in_rep = True
                continue
            if in_rep:
                if not ln.strip():
                    in_rep = False
                    continue
                k, _, v = ln.partition('  ')
                rep[k.strip()] = v.strip()
                continue
            m = OPLINE.match(ln)
            if m:
                ops[int(m.group(1))] = (m.group(2), m.group(3))
    return ops, fails, rep


def trace_lines(path):
    with open(path) as f:
        return [ln.rstrip('\n') for ln in f]


def converted_events(evs):
    """The log events the importer turns into one op each, in order."""
    out = []
    for e in evs:
        n = e.name
        if n in ('spapr_iommu_new_table', 'spapr_iommu_ddw_query'):
            continue
        if n.startswith('spapr_iommu_') or n.startswith('vfio_'):
            out.append(e)
        elif n in ('memory_region_ops_read', 'memory_region_ops_write'):
            m = MR.search(e.args)
            if m and m.group(6) == 'phb3-regs' and m.group(5) == '8':
                out.append(e)
    return out


def op_to_event(tl, evs):
    """trace line number -> log event, aligning the tail of the trace's
    operations with the converted events (one op per event)."""
    opnos = [i + 1 for i, ln in enumerate(tl)
             if ln and not ln.startswith('#') and not ln.startswith('tcesim-trace')]
    conv = converted_events(evs)
    if len(conv) > len(opnos):
        return {}
    m = dict(zip(opnos[len(opnos) - len(conv):], conv))
    compat = {'dma': ('spapr_iommu_xlate',), 'unmap': ('spapr_iommu_pci_stuff', 'spapr_iommu_pci_put'),
              'map': ('spapr_iommu_pci_put', 'spapr_iommu_pci_indirect'),
              'create_window': ('spapr_iommu_ddw_create',), 'remove_window': ('spapr_iommu_ddw_remove',),
              'reg_read': ('memory_region_ops_read',), 'reg_write': ('memory_region_ops_write',)}
    for no, e in m.items():
        verb = tl[no - 1].split(' ', 1)[0]
        if verb in compat and e.name not in compat[verb]:
            sys.stderr.write('warning: trace line %d (%s) aligned with log line %d (%s): '
                             'no log examples\n' % (no, verb, e.no, e.name))
            return {}
    return m


def cls_of(optext, result, fail):
    verb = optext.split(' ', 1)[0]
    if fail is not None:
        f = re.sub(r'\d+ \((0x[0-9a-f]+)\)', r'\1', fail)
        if verb == 'reg_read':
            f = 'expect.value != model value'
        elif verb == 'dma':
            f = re.sub(r'expect.ua=0x[0-9a-f]+', 'expect.ua=..', f)
        return 'expectation', verb, f
    r = result.split(' ', 1)[0]
    return 'ioctl', verb, r


def classify(tag, trace, replay_out, evs, md):
    tl = trace_lines(trace)
    ops, fails, rep = parse_replay(replay_out)
    o2e = op_to_event(tl, evs)
    classes = collections.OrderedDict()
    for no in sorted(ops):
        optext, result = ops[no]
        fail = fails.get(no)
        failed_ioctl = re.match(r'^E[A-Z]+', result) is not None
        if fail is None and not failed_ioctl:
            continue
        key = cls_of(optext, result, fail)
        c = classes.setdefault(key, {'n': 0, 'ex': no})
        c['n'] += 1
    md.append('%s: operations %s, failed ioctls %s, expectations %s failed, '
              'device DMAs %s' % (tag, rep.get('operations', '?'),
                                  rep.get('failed ioctls', '?'),
                                  rep.get('expectations', '?').split()[0],
                                  rep.get('device DMAs', '?')))
    md.append('')
    if not classes:
        md.append('no failures')
        md.append('')
        return classes
    md.append('| kind | op | result | count | example log line | trace line | replay |')
    md.append('|---|---|---|---|---|---|---|')
    for (kind, verb, res), c in classes.items():
        no = c['ex']
        e = o2e.get(no)
        logl = ('%d: `%s`' % (e.no, re.sub(r'^\d+@[\d.]+:', '', e.text)[:140])) if e else '(set-up, no log line)'
        md.append('| %s | %s | %s | %d | %s | %d: `%s` | `%s` |' % (
            kind, verb, res.replace('|', '/'), c['n'], logl, no,
            tl[no - 1][:120], ops[no][1][:80]))
    md.append('')
    return classes


# ---- pseries facts ---------------------------------------------------------

def pseries_facts(evs, md):
    windows = {0x80000000: (0, 12)}
    tce = {}  # (liobn, page index) -> (source, value)
    src_count = collections.Counter()
    infer_ok = infer_bad = 0
    perms = collections.Counter()
    indirect_sizes = collections.Counter()
    first_unlogged = None
    for e in evs:
        a = kv(e.args)
        if e.name == 'spapr_iommu_ddw_create':
            m = re.search(r'page size=(0x[0-9a-f]+).*start addr=(0x[0-9a-f]+), liobn=(0x[0-9a-f]+)', e.args)
            if m:
                ps = int(m.group(1), 16)
                windows[int(m.group(3), 16)] = (int(m.group(2), 16), ps.bit_length() - 1)
        elif e.name == 'spapr_iommu_pci_put':
            st, sh = windows.get(a['liobn'], (0, 12))
            tce[(a['liobn'], (a['ioba'] - st) >> sh)] = ('put', a['tce'])
        elif e.name == 'spapr_iommu_pci_stuff':
            st, sh = windows.get(a['liobn'], (0, 12))
            end = (a['ioba'] - st) >> sh
            for i in range(end - a['npages'], end):
                tce.pop((a['liobn'], i), None)
        elif e.name == 'spapr_iommu_pci_indirect':
            st, sh = windows.get(a['liobn'], (0, 12))
            first = (a['ioba'] - st) >> sh
            n = a['iobaN'] + 1
            indirect_sizes[n] += 1
            for i in range(n):
                if i == n - 1:
                    tce[(a['liobn'], first + i)] = ('indirect-last', a['tceN'])
                else:
                    guess = a['tceN'] - ((n - 1 - i) << sh)
                    tce[(a['liobn'], first + i)] = ('indirect-unlogged', guess)
        elif e.name == 'spapr_iommu_xlate':
            m = XL.search(e.args)
            if not m:
                continue
            li, off, page, perm, mask = (int(m.group(1), 16), int(m.group(2), 16),
                                         int(m.group(3), 16), int(m.group(4)),
                                         int(m.group(5), 16))
            perms[perm] += 1
            sh = (mask + 1).bit_length() - 1
            s = tce.get((li, off >> sh))
            if s is None:
                src_count['not established in the log'] += 1
                continue
            src_count[s[0]] += 1
            if s[0] == 'indirect-unlogged':
                if first_unlogged is None:
                    first_unlogged = e
                if (s[1] & ~mask) == page:
                    infer_ok += 1
                else:
                    infer_bad += 1
    md.append('Device DMAs (spapr_iommu_xlate) by the event that set the TCE they used: ' +
              ', '.join('%s %d' % kv_ for kv_ in sorted(src_count.items())) + '.')
    md.append('For DMAs through an unlogged H_PUT_TCE_INDIRECT entry, the consecutive-pages '
              'guess (entry i = tceN - (N-1-i) pages) matches the translated page in %d, '
              'differs in %d.' % (infer_ok, infer_bad))
    md.append('H_PUT_TCE_INDIRECT sizes (entries: calls): ' +
              ', '.join('%d: %d' % x for x in sorted(indirect_sizes.items())) + '.')
    md.append('xlate perm values (TCE permission, not the access direction): ' +
              ', '.join('perm=%d: %d' % x for x in sorted(perms.items())) + '.')
    if first_unlogged:
        md.append('First DMA through an unlogged entry: log line %d `%s`.' % (
            first_unlogged.no, re.sub(r'^\d+@[\d.]+:', '', first_unlogged.text)))
    md.append('')


# ---- powernv facts ----------------------------------------------------------

def powernv_facts(evs, trace, replay_out, outdir, md):
    tl = trace_lines(trace)
    ops, fails, _ = parse_replay(replay_out)
    o2e = op_to_event(tl, evs)
    ev2model = {}
    for no, e in o2e.items():
        if no in ops and tl[no - 1].startswith('reg_read'):
            m = re.search(r'value=(0x[0-9a-f]+)', ops[no][1])
            ev2model[e.no] = (int(m.group(1), 16) if m else None, no in fails)

    bases = []
    reads = collections.OrderedDict()     # (phb, off) -> list of (qemu, model, fail)
    ioda = collections.OrderedDict()      # (phb, tsel) -> stats
    ioda_reads = collections.OrderedDict()  # (phb, tsel, idx) -> list of (qemu, model)
    iaddr = {}
    sizes = collections.Counter()
    kills = collections.Counter()
    writes = collections.OrderedDict()    # (phb, off) -> list of values
    asb_addr = {}
    asb = collections.OrderedDict()       # (chip/phb, reg) -> list of (rw, value)
    for e in evs:
        if e.name not in ('memory_region_ops_read', 'memory_region_ops_write'):
            continue
        m = MR.search(e.args)
        if not m:
            continue
        addr, val, size, name = int(m.group(3), 16), int(m.group(4), 16), int(m.group(5)), m.group(6)
        rd = e.name.endswith('read')
        if name.startswith('xscom-pbcq-spci'):
            unit = name[len('xscom-pbcq-spci-'):]
            reg = (addr >> 3) & 0x7
            if reg == 0 and not rd:
                asb_addr[unit] = val
            elif reg == 2:
                asb.setdefault((unit, asb_addr.get(unit, -1)), []).append(('R' if rd else 'W', val))
            continue
        if name != 'phb3-regs':
            continue
        base = addr & ~0xfff
        if base not in bases:
            bases.append(base)
        phb = bases.index(base)
        off = addr & 0xfff
        if size != 8:
            sizes[(off & ~7, size, 'R' if rd else 'W')] += 1
            continue
        if not rd:
            writes.setdefault((phb, off), []).append(val)
        if off == 0x210 and not rd:
            k = 'all' if val >> 63 else 'pe' if (val >> 62) & 1 else 'one' if (val >> 61) & 1 else 'none'
            kills[(phb, k)] += 1
        if off == 0x220 and not rd:
            tsel = (val >> 48) & 0x1f
            iaddr[phb] = [tsel, val & 0x1ff, bool(val >> 63)]
            st = ioda.setdefault((phb, tsel), {'addr_writes': 0, 'reads': 0, 'writes': 0,
                                               'idx': set(), 'fail': 0})
            st['addr_writes'] += 1
        if off == 0x228 and phb in iaddr:
            tsel, idx, auto = iaddr[phb]
            st = ioda.setdefault((phb, tsel), {'addr_writes': 0, 'reads': 0, 'writes': 0,
                                               'idx': set(), 'fail': 0})
            st['reads' if rd else 'writes'] += 1
            st['idx'].add(idx)
            if rd:
                mv, bad = ev2model.get(e.no, (None, False))
                ioda_reads.setdefault((phb, tsel, idx), []).append((val, mv))
                if bad:
                    st['fail'] += 1
            if auto:
                iaddr[phb][1] = (idx + 1) % TSIZE.get(tsel, 512)
        if rd:
            mv, bad = ev2model.get(e.no, (None, False))
            reads.setdefault((phb, off), []).append((val, mv, bad))

    def hx(v):
        return '' if v is None else '0x%x' % v

    def seq(vals):
        out = []
        for v in vals:
            if not out or out[-1][0] != v:
                out.append([v, 1])
            else:
                out[-1][1] += 1
        return ';'.join('%s x%d' % (hx(v), n) for v, n in out)

    with open(os.path.join(outdir, 'phb3-reads.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['phb', 'mmio_base', 'offset', 'register', 'reads',
                    'qemu_first', 'qemu_values_in_order', 'tcesim_first',
                    'tcesim_values_in_order', 'mismatches'])
        for (phb, off), lst in sorted(reads.items()):
            w.writerow([phb, hx(bases[phb]), '0x%03x' % off, regname(off), len(lst),
                        hx(lst[0][0]), seq([q for q, _, _ in lst]), hx(lst[0][1]),
                        seq([m for _, m, _ in lst]), sum(1 for _, _, b in lst if b)])
    with open(os.path.join(outdir, 'phb3-ioda-reads.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['phb', 'tsel', 'table', 'index', 'reads', 'qemu_values_in_order',
                    'tcesim_values_in_order', 'mismatches'])
        for (phb, tsel, idx), lst in sorted(ioda_reads.items()):
            w.writerow([phb, tsel, TSEL.get(tsel, '?'), idx, len(lst),
                        seq([q for q, _ in lst]), seq([m for _, m in lst]),
                        sum(1 for q, m in lst if q != m)])
    with open(os.path.join(outdir, 'phb3-writes.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['phb', 'offset', 'register', 'writes', 'distinct_values',
                    'first', 'last'])
        for (phb, off), lst in sorted(writes.items()):
            w.writerow([phb, '0x%03x' % off, regname(off), len(lst), len(set(lst)),
                        hx(lst[0]), hx(lst[-1])])
    with open(os.path.join(outdir, 'phb3-asb.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['pbcq', 'offset', 'register', 'accesses_in_order'])
        for (unit, reg), lst in asb.items():
            w.writerow([unit, hx(reg) if reg >= 0 else '?', regname(reg) if reg >= 0 else '?',
                        ';'.join('%s %s' % (rw, hx(v)) for rw, v in lst)])

    nread = sum(len(v) for v in reads.values())
    nbad = sum(1 for v in reads.values() for x in v if x[2])
    md.append('PHB3 MMIO bases (PHB index = order of first access): ' +
              ', '.join('%d=0x%x' % (i, b) for i, b in enumerate(bases)) + '.')
    md.append('64-bit register reads: %d at %d (phb, offset) pairs; %d differ from the model '
              '(phb3-reads.csv).' % (nread, len(reads), nbad))
    md.append('')
    md.append('| offset | register | reads (all PHBs) | QEMU values | tcesim values | mismatches |')
    md.append('|---|---|---|---|---|---|')
    byoff = collections.OrderedDict()
    for (phb, off), lst in sorted(reads.items(), key=lambda x: (x[0][1], x[0][0])):
        byoff.setdefault(off, []).extend(lst)
    for off, lst in byoff.items():
        qv = sorted(set(q for q, _, _ in lst))
        mv = sorted(set(m for _, m, _ in lst if m is not None))
        md.append('| 0x%03x | %s | %d | %s | %s | %d |' % (
            off, regname(off), len(lst), ', '.join(hx(v) for v in qv[:6]) + (' ...' if len(qv) > 6 else ''),
            ', '.join(hx(v) for v in mv[:6]) + (' ...' if len(mv) > 6 else ''),
            sum(1 for x in lst if x[2])))
    md.append('')
    md.append('IODA tables accessed through IODA_ADDR/IODA_DATA0 (all PHBs summed; '
              'phb3-ioda-reads.csv has every DATA0 read):')
    md.append('')
    md.append('| TSEL | table | IODA_ADDR writes | DATA0 writes | DATA0 reads | indexes touched | reads differing from the model |')
    md.append('|---|---|---|---|---|---|---|')
    agg = collections.OrderedDict()
    for (phb, tsel), st in sorted(ioda.items(), key=lambda x: (x[0][1], x[0][0])):
        a = agg.setdefault(tsel, {'addr_writes': 0, 'reads': 0, 'writes': 0, 'idx': set(), 'fail': 0})
        for k in ('addr_writes', 'reads', 'writes', 'fail'):
            a[k] += st[k]
        a['idx'] |= st['idx']
    for tsel, a in agg.items():
        md.append('| %d | %s | %d | %d | %d | %d (of %s) | %d |' % (
            tsel, TSEL.get(tsel, '?'), a['addr_writes'], a['writes'], a['reads'],
            len(a['idx']), TSIZE.get(tsel, '?'), a['fail']))
    md.append('')
    md.append('TCE_KILL writes (phb kind: count): ' +
              ', '.join('%d %s: %d' % (p, k, n) for (p, k), n in sorted(kills.items())) + '.')
    md.append('Offsets written (phb3-writes.csv): ' + ', '.join(
        '0x%03x' % o for o in sorted(set(o for (_, o) in writes))) + '.')
    md.append('Sub-64-bit accesses (the importer skips them): ' +
              ', '.join('%s 0x%03x size %d: %d' % (rw, off, sz, n)
                        for (off, sz, rw), n in sorted(sizes.items())) + '.')
    md.append('PHB registers reached through the PBCQ ASB XSCOM path (not in phb3-regs; '
              'phb3-asb.csv): ' + ', '.join('%s %s %s' % (u, hx(r), regname(r)) for (u, r) in asb) + '.')
    md.append('')


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: analyze-qemu-captures.py TCESIM CAPTURED_DIR OUTDIR')
    tcesim, cdir, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    md = []
    for fn in sorted(os.listdir(cdir)):
        if not fn.endswith('.log.xz'):
            continue
        name = fn[:-len('.log.xz')]
        log = os.path.join(out, name + '.log')
        with lzma.open(os.path.join(cdir, fn)) as src, open(log, 'wb') as dst:
            dst.write(src.read())
        evs = read_log(log)
        kinds = collections.Counter(e.name for e in evs)
        ts = [e.ts for e in evs if e.ts is not None]
        md.append('## %s' % name)
        md.append('')
        md.append('%d lines, %d events, %.1f s from first to last event; %d bytes, %d compressed.' % (
            sum(1 for _ in open(log, errors='replace')), len(evs), (ts[-1] - ts[0]) if ts else 0,
            os.path.getsize(log), os.path.getsize(os.path.join(cdir, fn))))
        md.append('Events: ' + ', '.join('%s %d' % x for x in sorted(kinds.items())) + '.')
        md.append('')
        trace = os.path.join(out, name + '.trace')
        rc_imp = run([tcesim, 'import', 'qemu', log, '-o', trace], trace + '.import.out')
        with open(trace + '.import.out') as f:
            last = f.read().strip().splitlines()[-1].replace(os.path.dirname(log) + '/', '')
            md.append('import (defaults): exit %d: `%s`' % (rc_imp, last))
        rc_chk = run([tcesim, 'replay', trace, '--check'], trace + '.check.out')
        rc_rep = run([tcesim, 'replay', trace], trace + '.replay.out')
        _, fails, _ = parse_replay(trace + '.check.out')
        first = min(fails) if fails else None
        md.append('`replay --check` exit %d (first failed expectation at trace line %s); '
                  '`replay` exit %d.' % (rc_chk, first, rc_rep))
        md.append('')
        classify('default options', trace, trace + '.replay.out', evs, md)
        if kinds.get('spapr_iommu_xlate'):
            layers = [('--ua-base 0x%x' % UA_LAYER, ['--ua-base', hex(UA_LAYER)], False),
                      ('--ua-base 0x%x --infer-indirect' % UA_LAYER,
                       ['--ua-base', hex(UA_LAYER), '--infer-indirect'], False)]
            if kinds.get('spapr_iommu_ddw_create'):
                layers.append(('--ua-base 0x%x --infer-indirect, DDW create_window size '
                               'raised to a 4 KiB 1-level table' % UA_LAYER,
                               ['--ua-base', hex(UA_LAYER), '--infer-indirect'], True))
            for i, (tag, opts, fixddw) in enumerate(layers):
                t = os.path.join(out, '%s.layer%d.trace' % (name, i + 1))
                run([tcesim, 'import', 'qemu', log, '-o', t] + opts, t + '.import.out')
                if fixddw:
                    lines = trace_lines(t)
                    with open(t, 'w') as f:
                        for ln in lines:
                            m = re.match(r'^(create_window c0 page_shift=(\d+) size=)(\S+)( levels=1.*)$', ln)
                            if m and int(m.group(2)) >= 24:
                                ln = m.group(1) + '%dM' % ((512 << int(m.group(2))) >> 20) + m.group(4)
                            f.write(ln + '\n')
                run([tcesim, 'replay', t], t + '.replay.out')
                classify('layer %d (%s)' % (i + 1, tag), t, t + '.replay.out', evs, md)
            pseries_facts(evs, md)
        if kinds.get('memory_region_ops_read'):
            powernv_facts(evs, trace, trace + '.replay.out', out, md)
    print('\n'.join(md))


if __name__ == '__main__':
    main()
