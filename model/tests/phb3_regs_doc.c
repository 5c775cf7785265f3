// SPDX-License-Identifier: GPL-2.0
/*
 * phb3_regs_doc: prints the PHB3 register and IODA table lists
 * (tcesim/phb3_regs.def, tcesim/phb3_ioda.def) as the Markdown tables of
 * docs/hardware-model.md; the test model_phb3_regs_doc checks that the
 * document holds exactly this output.
 */
#include <inttypes.h>
#include <stdio.h>

#include "../phb3_regs.h"

static void hex(uint64_t v)
{
	if (v == 0)
		printf("0");
	else if (v == ~0ull)
		printf("all");
	else
		printf("0x%016" PRIx64, v);
}

int main(void)
{
	unsigned i;

	printf("| offset | register | kind | reset | writable | behaviour | source |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (i = 0; i < phb3_reg_count; i++) {
		const struct phb3_reg_desc *r = &phb3_reg_table[i];

		printf("| 0x%03x | `%s` | %s | ", r->offset, r->name,
		       phb3_reg_kind_name(r->kind));
		hex(r->reset);
		printf(" | ");
		hex(r->wmask);
		printf(" | %s | %s |\n", r->desc, r->src);
	}
	printf("\n| TSEL | table | entries | kind | entry mask | content | source |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (i = 0; i < phb3_ioda_count; i++) {
		const struct phb3_ioda_desc *t = &phb3_ioda_table[i];

		printf("| %u | `%s` | %u | %s | ", t->tsel, t->name,
		       t->entries, phb3_ioda_kind_name(t->kind));
		hex(t->wmask);
		printf(" | %s | %s |\n", t->desc, t->src);
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
