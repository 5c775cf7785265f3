/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace language's vocabulary, declared once: every key (name, value
 * type, print format, allowed words) and every verb (name, positional key,
 * keys it accepts). The parser, the writer, the binary codec, the replay
 * engine and docs/trace-format.md all follow these two tables.
 *
 * Value types:
 *   NUM   integer: decimal, 0x hex, optional leading '-', optional K/M/G/T
 *         suffix (binary: K = 1024)
 *   STR   a word without spaces, or "double quoted"
 *   WORD  a number or a word (e.g. type=v2 or type=7, reg=TCE_KILL or
 *         reg=0x210, addr=0x1000 or addr=paddr); a word must be one of
 *         the key's choices when given
 *   BYTES hex digits, two per byte, optional 0x prefix ("deadbeef")
 *   ERRNO an errno name (EINVAL), OK/0 for success, or a positive number
 *   DEV   PHB:RID, e.g. 0:0x0100 (stored as phb << 16 | rid)
 */
#ifndef TCESIM_TRACE_SCHEMA_H
#define TCESIM_TRACE_SCHEMA_H

/*
 * X(id, "name", type, fmt, choices)
 * fmt: D decimal, H hex, S size (largest exact K/M/G/T suffix)
 */
#define TRACE_KEYS(X) \
	/* machine and configuration */ \
	X(NAME, "name", STR, D, NULL) \
	X(PLATFORM, "platform", STR, D, "phb3|p5ioc2") \
	X(PHBS, "phbs", NUM, D, NULL) \
	X(RAM, "ram", NUM, S, NULL) \
	X(PAGE_SIZE, "page_size", NUM, S, NULL) \
	X(MEMLOCK, "memlock", NUM, S, NULL) \
	X(CAP_IPC_LOCK, "cap_ipc_lock", NUM, D, NULL) \
	X(KERNEL, "kernel", NUM, D, NULL) \
	X(OOW_POLICY, "oow_policy", STR, D, "fault|alias") \
	X(BYPASS_BOUNDS_CHECK, "bypass_bounds_check", NUM, D, NULL) \
	X(TCE_CACHE_ENTRIES, "tce_cache_entries", NUM, D, NULL) \
	X(TCE_CACHE_WAYS, "tce_cache_ways", NUM, D, NULL) \
	X(DEV, "dev", DEV, H, NULL) \
	X(PHB, "phb", NUM, D, NULL) \
	/* processes and user memory */ \
	X(PARENT, "parent", STR, D, NULL) \
	X(UA, "ua", NUM, H, NULL) \
	X(SIZE, "size", NUM, S, NULL) \
	X(PROT, "prot", STR, D, "rw|ro") \
	X(HUGETLB, "hugetlb", NUM, D, NULL) \
	X(DATA, "data", BYTES, H, NULL) \
	X(FILL, "fill", NUM, H, NULL) \
	X(LEN, "len", NUM, S, NULL) \
	/* ioctls */ \
	X(CONTAINER, "container", STR, D, NULL) \
	X(TYPE, "type", WORD, D, "v1|v2|pages|pe|all") \
	X(EXT, "ext", NUM, D, NULL) \
	X(CMD, "cmd", NUM, H, NULL) \
	X(ARGSZ, "argsz", NUM, D, NULL) \
	X(FLAGS, "flags", NUM, H, NULL) \
	X(IOVA, "iova", NUM, H, NULL) \
	X(DIR, "dir", STR, D, "r|w|rw|none|read|write") \
	X(PAGE_SHIFT, "page_shift", NUM, D, NULL) \
	X(LEVELS, "levels", NUM, D, NULL) \
	X(START, "start", NUM, H, NULL) \
	X(OP, "op", WORD, D, "disable|enable|unfreeze_io|unfreeze_dma|get_state|reset_deactivate|reset_hot|reset_fundamental|configure|inject_err") \
	X(ERR_TYPE, "err_type", NUM, D, NULL) \
	X(FUNC, "func", NUM, D, NULL) \
	X(MASK, "mask", NUM, H, NULL) \
	/* device DMA, physical memory, firmware, registers */ \
	X(ADDR, "addr", WORD, H, "paddr|vaddr|auto") \
	X(PA, "pa", NUM, H, NULL) \
	X(BE64, "be64", NUM, H, NULL) \
	X(PE, "pe", NUM, D, NULL) \
	X(WINDOW, "window", NUM, D, NULL) \
	X(TABLE, "table", NUM, H, NULL) \
	X(TABLE_SIZE, "table_size", NUM, H, NULL) \
	X(BDFN, "bdfn", NUM, H, NULL) \
	X(BCMP, "bcmp", NUM, D, NULL) \
	X(DCMP, "dcmp", NUM, D, NULL) \
	X(FCMP, "fcmp", NUM, D, NULL) \
	X(ACTION, "action", WORD, D, "map|unmap|add|remove") \
	X(TOKEN, "token", WORD, D, "mmio|dma|all") \
	X(PARENT_PE, "parent_pe", NUM, D, NULL) \
	X(CHILD_PE, "child_pe", NUM, D, NULL) \
	X(TCE_SIZE, "tce_size", NUM, S, NULL) \
	X(NPAGES, "npages", NUM, D, NULL) \
	X(HUB, "hub", NUM, D, NULL) \
	X(SCOPE, "scope", WORD, D, "phb_complete|pci_link|phb_error|pci_hot|pci_fundamental|ioda_table") \
	X(ASSERT, "assert", NUM, D, NULL) \
	X(REG, "reg", WORD, H, NULL) \
	X(VALUE, "value", NUM, H, NULL) \
	X(STAT, "stat", STR, D, NULL) \
	X(LOCKED_VM, "locked_vm", NUM, D, NULL) \
	X(PINNED, "pinned", NUM, D, NULL) \
	X(WARNS, "warns", NUM, D, NULL) \
	X(FROZEN, "frozen", NUM, D, NULL) \
	/* per-operation expectations */ \
	X(X_ERRNO, "expect.errno", ERRNO, D, NULL) \
	X(X_RET, "expect.ret", NUM, D, NULL) \
	X(X_START, "expect.start", NUM, H, NULL) \
	X(X_SIZE, "expect.size", NUM, H, NULL) \
	X(X_FLAGS, "expect.flags", NUM, H, NULL) \
	X(X_PGSIZES, "expect.pgsizes", NUM, H, NULL) \
	X(X_WINDOWS, "expect.windows", NUM, D, NULL) \
	X(X_LEVELS, "expect.levels", NUM, D, NULL) \
	X(X_STATUS, "expect.status", STR, D, "ok|msi|fault|frozen") \
	X(X_FAULT, "expect.fault", STR, D, "none|unsupported_addr|invalid_pe|invalid_tve|out_of_window|invalid_indirect|invalid_leaf|permission|table_memory|target_memory") \
	X(X_PE, "expect.pe", NUM, D, NULL) \
	X(X_PA, "expect.pa", NUM, H, NULL) \
	X(X_UA, "expect.ua", NUM, H, NULL) \
	X(X_VALUE, "expect.value", NUM, H, NULL) \
	X(X_OPAL, "expect.opal", WORD, D, "success|parameter|busy|hardware|unsupported") \
	X(X_STATE, "expect.state", NUM, D, NULL) \
	X(X_DATA, "expect.data", BYTES, H, NULL) \
	X(X_FILL, "expect.fill", NUM, H, NULL) \
	X(X_GROUP, "expect.group", NUM, D, NULL) \
	/* ELF images and checkpoints */ \
	X(PATH, "path", STR, D, NULL)

/* Keys every verb accepts: the result of the operation. */
#define TRACE_COMMON_KEYS "expect.errno expect.ret"

/*
 * X(id, "verb", "positional key or NULL", "accepted keys")
 * The positional key takes the first bare word after the verb
 * (`group g0 dev=0:0x100` is `group name=g0 dev=0:0x100`).
 */
#define TRACE_VERBS(X) \
	X(MACHINE, "machine", NULL, "platform phbs ram page_size memlock cap_ipc_lock") \
	X(MODEL, "model", NULL, "oow_policy bypass_bounds_check tce_cache_entries tce_cache_ways") \
	X(DEVICE, "device", "dev", "dev") \
	X(GROUP, "group", "name", "name dev") \
	X(BOOT, "boot", NULL, "kernel") \
	X(PROC_CREATE, "proc_create", "name", "name memlock cap_ipc_lock") \
	X(PROC_FORK, "proc_fork", "name", "name parent") \
	X(PROC_SWITCH, "proc_switch", "name", "name") \
	X(SETRLIMIT, "setrlimit", NULL, "memlock cap_ipc_lock") \
	X(MMAP, "mmap", NULL, "ua size page_size prot hugetlb") \
	X(UWRITE, "uwrite", NULL, "ua data fill len") \
	X(UREAD, "uread", NULL, "ua len expect.data expect.fill") \
	X(CONTAINER_OPEN, "container_open", "name", "name") \
	X(GET_API_VERSION, "get_api_version", "container", "container cmd") \
	X(CHECK_EXTENSION, "check_extension", "container", "container ext cmd") \
	X(SET_IOMMU, "set_iommu", "container", "container type cmd") \
	X(GROUP_OPEN, "group_open", "name", "name expect.group") \
	X(GROUP_STATUS, "group_status", "name", "name argsz cmd expect.flags") \
	X(GROUP_ATTACH, "group_attach", "name", "name container cmd") \
	X(GROUP_DETACH, "group_detach", "name", "name cmd") \
	X(ENABLE, "enable", "container", "container cmd") \
	X(DISABLE, "disable", "container", "container cmd") \
	X(GET_INFO, "get_info", "container", "container argsz flags cmd expect.start expect.size expect.flags expect.pgsizes expect.windows expect.levels") \
	X(REGISTER, "register", "container", "container ua size argsz flags cmd") \
	X(UNREGISTER, "unregister", "container", "container ua size argsz flags cmd") \
	X(CREATE_WINDOW, "create_window", "container", "container page_shift size levels argsz flags cmd expect.start") \
	X(REMOVE_WINDOW, "remove_window", "container", "container start argsz flags cmd") \
	X(MAP, "map", "container", "container ua iova size dir argsz flags cmd") \
	X(UNMAP, "unmap", "container", "container iova size argsz flags cmd") \
	X(EEH_PE_OP, "eeh_pe_op", "container", "container op argsz flags err_type func addr mask cmd expect.state") \
	X(IOCTL, "ioctl", "name", "name cmd argsz data") \
	X(CLOSE, "close", "name", "name") \
	X(DMA, "dma", NULL, "dev addr len dir data fill expect.status expect.fault expect.pe expect.pa expect.ua expect.data expect.fill") \
	X(PWRITE, "pwrite", NULL, "pa data fill len be64") \
	X(PREAD, "pread", NULL, "pa len expect.data expect.fill expect.value") \
	X(OPAL, "opal", "name", "name phb pe window levels table table_size page_size start size bdfn bcmp dcmp fcmp action token parent_pe child_pe type tce_size addr npages hub scope assert expect.opal expect.state") \
	X(REG_WRITE, "reg_write", NULL, "phb reg value") \
	X(REG_READ, "reg_read", NULL, "phb reg expect.value") \
	X(EXPECT, "expect", NULL, "locked_vm pinned warns stat value phb pe frozen") \
	X(ECHO, "echo", "name", "name") \
	X(NOTE, "note", "name", "name") \
	X(LOAD, "load", "path", "path addr") \
	X(DUMP, "dump", "path", "path")

#endif /* TCESIM_TRACE_SCHEMA_H */
