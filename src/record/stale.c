/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a killed recorder leaves behind: its tracefs instance, its uprobes and kprobes
 * and its FILE.cpuN temporary files. A live recorder says what it owns in a
 * marker file; the next recorder cleans up after every dead one, with a
 * warning each (kill -9 leaves no other chance).
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <tracefs.h>
#include <unistd.h>

#include "core/error.h"
#include "record/stale.h"

#define MARKER_DIR "/run/schedhang"
#define MARKER_PREFIX "instance-"
#define MARKER_SUFFIX ".pid"

/* What a marker says: "PID START\nuprobes GROUP\nkprobes GROUP\noutput PATH\n" (all but the first optional). */
struct marker {
	long pid;
	unsigned long long start;	/* the process's start time, 0 if unknown */
	char group[256];		/* its uprobe group, or "" */
	char kgroup[256];		/* its kprobe group (--kprobes), or "" */
	char output[4096];		/* its output file, or "" */
};

/* The start time of process @pid (jiffies since boot), 0 if unknown: tells a reused pid. */
static unsigned long long start_time(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long t = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the comm may hold spaces and parentheses */
	/* after ") ": state is field 3, starttime field 22 */
	if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d "
			"%*d %*d %*d %llu", &t) != 1)
		t = 0;
	return t;
}

/* @s into @dst if it fits (a cut path would name another file), else "". */
static void copy(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	dst[0] = '\0';
	if (n < size)
		memcpy(dst, s, n + 1);
}

static bool read_marker(const char *path, struct marker *m)
{
	FILE *f = fopen(path, "re");
	char line[4200];

	memset(m, 0, sizeof(*m));
	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f) || sscanf(line, "%ld %llu", &m->pid, &m->start) < 1)
		m->pid = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "uprobes ", 8) == 0)
			copy(m->group, sizeof(m->group), line + 8);
		else if (strncmp(line, "kprobes ", 8) == 0)
			copy(m->kgroup, sizeof(m->kgroup), line + 8);
		else if (strncmp(line, "output ", 7) == 0)
			copy(m->output, sizeof(m->output), line + 7);
	}
	fclose(f);
	return m->pid > 0;
}

/* Is the recorder of @m gone (its pid dead, or reused by a later process)? */
static bool dead(const struct marker *m)
{
	if (kill((pid_t)m->pid, 0) < 0)
		return errno == ESRCH;
	return m->start && start_time(m->pid) != m->start;
}

void sh_record_marker_write(const char *marker, const char *group, const char *kgroup,
			    const char *output)
{
	FILE *f;

	mkdir(MARKER_DIR, 0755);
	f = fopen(marker, "we");
	if (!f)
		return;	/* only the cleanup after a crash loses; not worth failing */
	fprintf(f, "%ld %llu\n", (long)getpid(), start_time((long)getpid()));
	if (group)
		fprintf(f, "uprobes %s\n", group);
	if (kgroup)
		fprintf(f, "kprobes %s\n", kgroup);
	if (output && output[0] == '/') {
		fprintf(f, "output %s\n", output);
	} else if (output) {		/* the next recorder may run elsewhere */
		char *cwd = getcwd(NULL, 0);

		if (cwd)
			fprintf(f, "output %s/%s\n", cwd, output);
		free(cwd);
	}
	fclose(f);
}

char *sh_record_marker_path(const char *instance)
{
	char *p;

	return asprintf(&p, MARKER_DIR "/" MARKER_PREFIX "%s" MARKER_SUFFIX, instance) < 0 ? NULL : p;
}

/* Does a live recorder's marker other than @skip name uprobe (or, @kprobes, kprobe) group @group? */
static bool group_in_use(DIR *d, const char *skip, const char *group, bool kprobes)
{
	struct dirent *de;
	bool used = false;

	rewinddir(d);
	while (!used && (de = readdir(d))) {
		struct marker m;
		char *path;

		if (strncmp(de->d_name, MARKER_PREFIX, strlen(MARKER_PREFIX)) != 0 ||
		    strcmp(de->d_name, skip) == 0 || asprintf(&path, MARKER_DIR "/%s", de->d_name) < 0)
			continue;
		used = read_marker(path, &m) && !dead(&m) &&
		       strcmp(kprobes ? m.kgroup : m.group, group) == 0;
		free(path);
	}
	return used;
}

void sh_record_dynevent_remove(struct tracefs_dynevent **ev, const char *kind, const char *group,
			       const char *name)
{
	if (!*ev)
		return;
	if (tracefs_dynevent_destroy(*ev, true) < 0)
		sh_warning("cannot remove %s '%s/%s'", kind, group, name);
	tracefs_dynevent_free(*ev);
	*ev = NULL;
}

/* The dynamic events of @types (TRACEFS_DYNEVENT_*) in @group, called @what in warnings. */
static void remove_probes(unsigned types, const char *group, const char *what)
{
	struct tracefs_dynevent **ev = tracefs_dynevent_get_all(types, group);

	if (!ev || !ev[0]) {
		tracefs_dynevent_list_free(ev);
		return;
	}
	sh_warning("removing the %s of group '%s' left by a dead schedhang", what, group);
	for (size_t i = 0; ev[i]; i++)
		if (tracefs_dynevent_destroy(ev[i], true) < 0)
			sh_warning("cannot remove a %.*s of group '%s'", (int)strlen(what) - 1, what,
				   group);
	tracefs_dynevent_list_free(ev);
}

static void remove_temp_files(const char *output)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	bool warned = false;

	for (long c = 0; c < (ncpus > 0 ? ncpus : 1); c++) {
		char *path;
		struct stat st;

		if (asprintf(&path, "%s.cpu%ld", output, c) < 0)
			return;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (!warned)
				sh_warning("removing '%s.cpu*' left by a dead schedhang", output);
			warned = true;
			unlink(path);
		}
		free(path);
	}
}

int sh_record_instance_destroy(struct tracefs_instance *inst)
{
	for (int i = 0; i < 50; i++) {
		if (tracefs_instance_destroy(inst) == 0)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(20000);
	}
	return -1;
}

/*
 * Remove the dead recorder's instance @name. Gone by the time we remove it:
 * another recorder starting at the same time cleaned it up. 0, or -1 (reported).
 */
static int remove_instance(const char *name)
{
	struct tracefs_instance *old = tracefs_instance_alloc(NULL, name);
	int r = 0;

	sh_warning("removing tracefs instance '%s' left by a dead schedhang", name);
	if ((!old || sh_record_instance_destroy(old) < 0) && tracefs_instance_exists(name))
		r = sh_error("cannot remove stale tracefs instance '%s'", name);
	tracefs_instance_free(old);
	return r;
}

/* Clean up after the dead recorder of marker @name in @d. 0, or -1 (reported). */
static int clean_one(DIR *d, const char *name)
{
	char *path, *instance;
	struct marker m;
	int r = 0;

	if (asprintf(&path, MARKER_DIR "/%s", name) < 0)
		return sh_error("out of memory");
	if (!read_marker(path, &m) || !dead(&m)) {
		free(path);
		return 0;
	}
	instance = strndup(name + strlen(MARKER_PREFIX),
			   strlen(name) - strlen(MARKER_PREFIX) - strlen(MARKER_SUFFIX));
	if (instance && tracefs_instance_exists(instance))
		r = remove_instance(instance);
	/* its uprobes and kprobes, unless a live recorder uses the same group */
	if (r == 0 && m.group[0] && !group_in_use(d, name, m.group, false))
		remove_probes(TRACEFS_DYNEVENT_UPROBE, m.group, "uprobes");
	if (r == 0 && m.kgroup[0] && !group_in_use(d, name, m.kgroup, true))
		remove_probes(TRACEFS_DYNEVENT_KPROBE | TRACEFS_DYNEVENT_KRETPROBE, m.kgroup, "kprobes");
	if (r == 0 && m.output[0])
		remove_temp_files(m.output);
	if (r == 0)
		unlink(path);
	free(instance);
	free(path);
	return r;
}

/*
 * Two recorders starting together must not both clean up after the same
 * dead one: the second would remove the probes of a group the first has
 * just made again. The cleanup runs under an exclusive lock of this file;
 * -1 when it cannot be taken (the cleanup then runs unlocked).
 */
static int lock_markers(void)
{
	int fd = open(MARKER_DIR "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int sh_record_clean_stale(void)
{
	DIR *d = opendir(MARKER_DIR);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int r = 0, lock;

	if (!d)
		return 0;	/* no recorder ever ran, or none left a marker */
	lock = lock_markers();
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **v;

		if (strncmp(de->d_name, MARKER_PREFIX, strlen(MARKER_PREFIX)) != 0 ||
		    len <= strlen(MARKER_PREFIX) + strlen(MARKER_SUFFIX) ||
		    strcmp(de->d_name + len - strlen(MARKER_SUFFIX), MARKER_SUFFIX) != 0)
			continue;
		v = realloc(names, (n + 1) * sizeof(*v));
		if (!v || !(v[n] = strdup(de->d_name))) {
			names = v ? v : names;
			r = sh_error("out of memory");
			break;
		}
		names = v;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		if (r == 0)
			r = clean_one(d, names[i]);
		free(names[i]);
	}
	free(names);
	closedir(d);
	if (lock >= 0)
		close(lock);	/* and the lock with it */
	return r;
}
