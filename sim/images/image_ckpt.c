// SPDX-License-Identifier: GPL-2.0
/*
 * Machine checkpoints (tcesim/checkpoint.h): the machine's state parts
 * (tcesim/machine_state.h) as TCESIM notes of an ELF core written with
 * image_write_core, and back. Loading a tcesim checkpoint checks every
 * note against the machine, then loads RAM (cleared first), then
 * restores the notes; any other ELF is placed in RAM only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/checkpoint.h"
#include "tcesim/machine.h"
#include "tcesim/machine_state.h"
#include "tcesim/sim_errf.h"
#include "tcesim/state.h"

_Static_assert(MACHINE_NT_BASE == IMAGE_NT_BASE,
	       "machine state notes are tcesim notes");

int checkpoint_write(struct machine *m, const char *path,
		     const struct image_note *extra, size_t nextra,
		     struct image_write_result *r, char *err, size_t errlen)
{
	struct machine_state st;
	struct image_note *notes;
	char why[400];
	size_t i;
	int rc = machine_state_save(m, &st, why, sizeof(why));

	if (rc)
		return sim_errf(err, errlen, rc, "%s: %s", path, why);
	notes = calloc(st.n + nextra + 1, sizeof(*notes));
	if (!notes) {
		machine_state_free(&st);
		return sim_errf(err, errlen, -ENOMEM, "%s: out of memory", path);
	}
	for (i = 0; i < st.n; i++)
		notes[i] = (struct image_note){ .name = IMAGE_NOTE_NAME,
						.type = st.v[i].type,
						.desc = st.v[i].buf,
						.size = st.v[i].len };
	for (i = 0; i < nextra; i++)
		notes[st.n + i] = extra[i];
	rc = image_write_core(machine_mem(m), path, notes, st.n + nextra, NULL,
			      r, err, errlen);
	free(notes);
	machine_state_free(&st);
	return rc;
}

/* The notes of a tcesim checkpoint, sorted into the machine's and the
   caller's (payloads point into the open image). */
struct collected {
	struct machine_state_part *parts;
	size_t nparts;
	struct machine_state_part *extra;
	size_t nextra;
	size_t cap;
};

static bool machine_type(uint32_t type)
{
	return type != MACHINE_NT_REPLAY && machine_state_type_name(type);
}

static int collect(void *arg, const struct image_note *n, char *err,
		   size_t errlen)
{
	struct collected *c = arg;
	struct machine_state_part *v;

	if (strcmp(n->name, IMAGE_NOTE_NAME))
		return 0;	/* other owners' notes: not ours */
	if (n->type == IMAGE_NT_ID) {
		struct sim_state_in in;
		uint32_t v;

		sim_state_in_init(&in, n->desc, n->size);
		v = sim_state_get_u32(&in);	/* 0 if shorter than 4 bytes */

		if (v != IMAGE_FORMAT_VERSION)
			return sim_errf(err, errlen, -EINVAL,
					"checkpoint format %u, this tcesim reads format %u",
					v, IMAGE_FORMAT_VERSION);
		return 0;
	}
	if (c->nparts + c->nextra == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;

		v = realloc(c->parts, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		c->parts = v;
		v = realloc(c->extra, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		c->extra = v;
		c->cap = cap;
	}
	v = machine_type(n->type) ? &c->parts[c->nparts++]
				  : &c->extra[c->nextra++];
	*v = (struct machine_state_part){ n->type, n->desc, n->size };
	return 0;
}

/* The caller's notes, checked or applied. */
static int extras(const struct collected *c,
		  const struct checkpoint_load_opts *o, bool commit,
		  const char *path, char *err, size_t errlen)
{
	char why[400];
	size_t i;
	int rc;

	for (i = 0; i < c->nextra; i++) {
		const struct machine_state_part *p = &c->extra[i];

		if (!o || !o->on_note) {
			if (p->type == MACHINE_NT_REPLAY)
				continue;
			rc = -ENOENT;
		} else {
			why[0] = 0;
			rc = o->on_note(o->arg, p->type, p->buf, p->len,
					commit, why, sizeof(why));
		}
		if (rc == -ENOENT)
			return sim_errf(err, errlen, -EINVAL,
					"%s: note type %#x is unknown to this tcesim (written by a newer one?)",
					path, p->type);
		if (rc)
			return sim_errf(err, errlen, rc, "%s: %s", path, why);
	}
	return 0;
}

static int restore(struct machine *m, struct image *img, const char *path,
		   const struct checkpoint_load_opts *o,
		   struct checkpoint_load_result *r, char *err, size_t errlen)
{
	struct image_load_opts lo = { .addr = IMAGE_ADDR_PADDR,
				      .clear_ram = true };
	struct collected c = { 0 };
	char why[400];
	int rc = image_foreach_note(img, collect, &c, why, sizeof(why));

	if (rc) {
		sim_errf(err, errlen, rc, "%s: %s", path,
			 rc == -ENOMEM ? "out of memory" : why);
		goto out;
	}
	rc = machine_state_restore(m, c.parts, c.nparts, false, why,
				   sizeof(why), NULL, 0);
	if (rc) {
		sim_errf(err, errlen, rc, "%s: %s", path, why);
		goto out;
	}
	rc = extras(&c, o, false, path, err, errlen);
	if (rc)
		goto out;
	rc = image_load(img, machine_mem(m), &lo, &r->load, err, errlen);
	if (rc)
		goto out;
	rc = machine_state_restore(m, c.parts, c.nparts, true, why,
				   sizeof(why), r->remark, sizeof(r->remark));
	if (rc) {
		sim_errf(err, errlen, rc, "%s: %s", path, why);
		goto out;
	}
	rc = extras(&c, o, true, path, err, errlen);
	r->restored = !rc;
out:
	free(c.parts);
	free(c.extra);
	return rc;
}

int checkpoint_load(struct machine *m, const char *path,
		    const struct checkpoint_load_opts *o,
		    struct checkpoint_load_result *r, char *err,
		    size_t errlen)
{
	struct checkpoint_load_result local;
	struct image *img = NULL;
	int rc;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	rc = image_open(path, &img, err, errlen);
	if (rc)
		return rc;
	rc = image_is_tcesim(img, err, errlen);
	if (rc > 0) {
		rc = restore(m, img, path, o, r, err, errlen);
	} else if (!rc) {
		struct image_load_opts lo = { .addr = o ? o->addr
							: IMAGE_ADDR_AUTO };

		rc = image_load(img, machine_mem(m), &lo, &r->load, err,
				errlen);
		if (!rc)
			snprintf(r->remark, sizeof(r->remark), "%s",
				 r->load.remark);
	}
	image_close(img);
	return rc;
}

static void decode(void *arg, const struct image_note *n, FILE *out)
{
	(void)arg;
	if (strcmp(n->name, IMAGE_NOTE_NAME) || n->type == IMAGE_NT_ID)
		return;
	fprintf(out, "      ");
	if (n->type == MACHINE_NT_REPLAY)
		fprintf(out, "replay: the trace replay's report counters\n");
	else if (machine_type(n->type))
		machine_state_describe(n->type, n->desc, n->size, out);
	else
		fprintf(out, "unknown tcesim note (a newer tcesim?)\n");
}

int checkpoint_print_image(struct image *img, FILE *out, char *err,
			   size_t errlen)
{
	return image_print_decoded(img, out, decode, NULL, err, errlen);
}

int checkpoint_print(const char *path, FILE *out, char *err, size_t errlen)
{
	struct image *img;
	int rc = image_open(path, &img, err, errlen);

	if (rc)
		return rc;
	rc = checkpoint_print_image(img, out, err, errlen);
	image_close(img);
	return rc;
}
