/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "detect/finding.h"

static const struct {
	const char *name;
	int severity;
	const char *summary;
} classes[SH_FC__COUNT] = {
#define SH_X(id, sev, summary) [SH_FC_##id] = { #id, sev, summary },
	SH_FINDING_CLASSES(SH_X)
#undef SH_X
};

static const char *const confidences[] = {
#define SH_X(id, name) [SH_CONF_##id] = name,
	SH_CONFIDENCES(SH_X)
#undef SH_X
};

const char *sh_finding_class_name(enum sh_finding_class cls)
{
	return cls < SH_FC__COUNT ? classes[cls].name : "?";
}

const char *sh_finding_class_summary(enum sh_finding_class cls)
{
	return cls < SH_FC__COUNT ? classes[cls].summary : "?";
}

const char *sh_confidence_name(enum sh_confidence conf)
{
	return (unsigned)conf < sizeof(confidences) / sizeof(confidences[0]) ? confidences[conf] : "?";
}

void sh_findings_init(struct sh_findings *list)
{
	memset(list, 0, sizeof(*list));
}

void sh_findings_release(struct sh_findings *list)
{
	free(list->items);
	sh_findings_init(list);
}

struct sh_finding *sh_findings_add(struct sh_findings *list, enum sh_finding_class cls)
{
	struct sh_finding *f;

	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct sh_finding *p = realloc(list->items, cap * sizeof(*p));

		if (!p) {
			sh_error("out of memory recording a finding");
			return NULL;
		}
		list->items = p;
		list->cap = cap;
	}
	f = &list->items[list->len++];
	memset(f, 0, sizeof(*f));
	f->cls = cls;
	f->count = 1;
	return f;
}

uint64_t sh_finding_duration(const struct sh_finding *f)
{
	return f->end > f->start ? f->end - f->start : 0;
}

static int cmp_findings(const void *pa, const void *pb)
{
	const struct sh_finding *a = pa, *b = pb;
	uint64_t da = sh_finding_duration(a), db = sh_finding_duration(b);

	if (classes[a->cls].severity != classes[b->cls].severity)
		return classes[a->cls].severity < classes[b->cls].severity ? -1 : 1;
	if (a->conf != b->conf)
		return a->conf < b->conf ? -1 : 1;
	if (da != db)
		return da > db ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->entity != b->entity)
		return a->entity < b->entity ? -1 : 1;
	return a->seqno < b->seqno ? -1 : a->seqno > b->seqno;
}

static int cmp_evidence(const void *pa, const void *pb)
{
	const struct sh_evidence *a = pa, *b = pb;

	return a->ev.idx < b->ev.idx ? -1 : a->ev.idx > b->ev.idx;
}

void sh_findings_sort(struct sh_findings *list)
{
	for (size_t i = 0; i < list->len; i++)	/* evidence in the order it happened */
		qsort(list->items[i].evidence, list->items[i].nevidence,
		      sizeof(list->items[i].evidence[0]), cmp_evidence);
	if (list->len > 1)
		qsort(list->items, list->len, sizeof(list->items[0]), cmp_findings);
}

void sh_finding_cite(struct sh_finding *f, const struct sh_event *ev, const char *role)
{
	if (!ev || f->nevidence >= SH_FINDING_MAX_EVIDENCE)
		return;
	for (unsigned i = 0; i < f->nevidence; i++)
		if (f->evidence[i].ev.idx == ev->idx && f->evidence[i].ev.type == ev->type)
			return;	/* cited already, for another role */
	f->evidence[f->nevidence].ev = *ev;
	f->evidence[f->nevidence].role = role;
	f->nevidence++;
}
