# flowmeter: kernel module, iptables extension, tools, tests.
# 'make V=1' shows full commands.

# 'make deps' must work before configure can (it installs what configure
# looks for).
NOCONF_GOALS := deps clean distclean kmod-tree deb check-pkg
ifneq ($(filter-out $(NOCONF_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard config.mk),)
$(shell ./configure >&2)
endif
include config.mk
endif

V ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

B := build
# Kernels 'make check' and 'make bench' cover: KVER=... on the command line
# picks one, otherwise every series configure found. 'make check' runs the
# whole VM suite on the oldest and the newest and SMOKE_TESTS on the others
# (CI time); 'make check-all' runs everything everywhere.
ifeq ($(origin KVER),command line)
CHECK_KVERS := $(KVER)
else
CHECK_KVERS := $(KVERS_ALL)
endif
SMOKE_TESTS := bad_params load_unload export_ipfix nat_events
SMOKE_KVERS := $(filter-out $(firstword $(CHECK_KVERS)) $(lastword $(CHECK_KVERS)),$(CHECK_KVERS))
# Downloaded and built kernels (tests/vm/kernel.sh, tests/vm/debug-kernel.sh).
FM_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/flowmeter
kdir = $(if $(filter $(CONF_KVER),$(1)),$(KDIR_DEFAULT),$(firstword $(wildcard /lib/modules/$(1)/build /usr/src/linux-headers-$(1) $(FM_CACHE)/kernels/$(1)/build)))

KMOD_SRC := VERSION $(wildcard kmod/Kbuild kmod/*.c kmod/*.h kmod/*.sh include/flowmeter/*.h)
EXT_SO := $(B)/ext/libipt_NETFLOW.so $(B)/ext/libip6t_NETFLOW.so

WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
CFLAGS += $(WARN) -Iinclude

.PHONY: all module modules kmod-tree ext tools tools-san fuzz check check-all check-debug unit vmcheck demo bench \
	install dkms-install deps clean style distclean deb check-pkg

all: module ext $(if $(filter 1,$(WITH_TOOLS)),tools)

# Userspace: flowmeterd, flowmeter-dump (build/tools), and the same built
# with ASan/UBSan for the tests (build/tools-san).
tools:
	$(Q)$(MAKE) -C tools V=$(V)

tools-san:
	$(Q)$(MAKE) -C tools SAN=1 V=$(V)

# libFuzzer harnesses (tests/fuzz; clang, ASan/UBSan): build/fuzz/fuzz_*.
fuzz:
	$(Q)$(MAKE) -C tools FUZZ=1 V=$(V) fuzz

# The module's sources as one self-contained tree (kmod/ with include/ and
# VERSION beside them): what each kernel's build, dkms and the 32-bit check
# compile. make kmod-tree DEST=DIR
kmod-tree:
	$(Q)test -n "$(DEST)" || { echo "make kmod-tree: DEST=DIR missing" >&2; exit 2; }
	$(Q)mkdir -p $(DEST)
	$(Q)cp -pR kmod/. $(DEST)/
	$(Q)cp -pR include VERSION $(DEST)/

# Each kernel gets its own copy of the sources: Kbuild writes objects beside
# them, and two kernels must not share objects.
module: $(B)/$(KVER)/ipt_NETFLOW.ko
modules: $(foreach k,$(CHECK_KVERS),$(B)/$(k)/ipt_NETFLOW.ko)

# A kernel without headers on the host (Debian 13's) builds in the trixie
# chroot.
$(B)/%/ipt_NETFLOW.ko: $(KMOD_SRC)
	@echo "  KMOD    $* "
	$(Q)rm -rf $(B)/$*/kmod $(B)/$*/include; rm -f $(B)/$*/*.[ch]
	$(Q)$(if $(call kdir,$*),$(MAKE) -s kmod-tree DEST=$(B)/$* && \
		$(MAKE) -C $(call kdir,$*) M=$(CURDIR)/$(B)/$* V=$(V) modules \
		$(if $(filter 1,$(V)),,>$(B)/$*/build.log 2>&1 || { cat $(B)/$*/build.log; exit 1; }),\
		tests/vm/chroot-build.sh $* $(B)/$*)
	$(Q)! grep -i 'warning:' $(B)/$*/build.log 2>/dev/null | grep -v 'Skipping BTF'

ext: $(EXT_SO)
$(B)/ext/libipt_NETFLOW.so $(B)/ext/libip6t_NETFLOW.so: iptables-ext/libxt_NETFLOW.c
	@echo "  EXT     $@"
	$(Q)mkdir -p $(B)/ext
	$(Q)$(CC) $(CFLAGS) -fPIC -shared $$(pkg-config --cflags xtables) -o $@ $<

# --- tests -----------------------------------------------------------------
# 'make check' runs the unit tests, then boots every kernel in QEMU and runs
# tests/e2e/*.sh inside; TESTS="a b" picks e2e tests by name.
check: ext tools tools-san
	$(Q)$(MAKE) modules
	$(Q)FM_SMOKE_KVERS="$(if $(TESTS),,$(SMOKE_KVERS))" FM_SMOKE_TESTS="$(SMOKE_TESTS)" \
		tests/run-all.sh $(CHECK_KVERS)

check-all: ext tools tools-san
	$(Q)$(MAKE) modules
	$(Q)tests/run-all.sh $(CHECK_KVERS)

# The VM suite on a kernel with KASAN, lockdep, DEBUG_ATOMIC_SLEEP,
# DEBUG_PREEMPT, kmemleak and UBSAN, built once from Debian's
# linux-source-6.1 (about 18 minutes) and cached; a warning panics the
# guest. Not part of 'make check' (time); every kernel change passes it.
check-debug: ext tools
	$(Q)kv=$$(tests/vm/debug-kernel.sh) && $(MAKE) modules KVER=$$kv && \
		FM_APPEND="panic_on_warn=1 $(FM_APPEND)" FM_TIMEOUT=$${FM_TIMEOUT:-900} \
		tests/vm/run.sh $$kv $(TESTS)

unit: tools-san
	$(Q)$(MAKE) -C tests/unit run; a=$$?; $(MAKE) -C tools SAN=1 check; exit $$((a | $$?))

vmcheck: ext modules tools-san
	$(Q)for k in $(CHECK_KVERS); do tests/vm/run.sh $$k $(TESTS) || exit 1; done

demo: ext module tools
	$(Q)FM_DEMO_GEOIP=$$(tests/geolite2.sh) tests/vm/run.sh --demo $(KVER)
	$(Q)tests/demo-page.sh build/vm/$(KVER)-demo/artifacts/demo

bench: ext tools
	$(Q)$(MAKE) modules
	$(Q)for k in $(CHECK_KVERS); do bench/run.sh $$k || exit 1; done
	$(Q)bench/collector.sh
	$(Q)bench/store_sqlite.sh
	$(Q)bench/store_pg.sh
	$(Q)bench/store_clickhouse.sh
	$(Q)bench/streams.sh

# --- install ---------------------------------------------------------------
install: module ext
	install -d $(DESTDIR)/lib/modules/$(KVER)/extra
	install -m 644 $(B)/$(KVER)/ipt_NETFLOW.ko $(DESTDIR)/lib/modules/$(KVER)/extra/
	install -d $(DESTDIR)$(XTLIBDIR)
	install -m 644 $(EXT_SO) $(DESTDIR)$(XTLIBDIR)/
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 644 docs/ipt_NETFLOW.8 $(DESTDIR)$(PREFIX)/share/man/man8/
ifeq ($(WITH_TOOLS),1)
	$(MAKE) tools
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(B)/tools/flowmeterd $(DESTDIR)$(PREFIX)/sbin/
	install -m 755 $(B)/tools/flowmeter-dump $(B)/tools/flowmeter $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/flowmeterd.8 docs/flowmeter.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 tools/flowmeter/flowmeter.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/flowmeter
	install -d $(DESTDIR)/etc/flowmeter
	[ -e $(DESTDIR)/etc/flowmeter/config.yaml ] || \
		install -m 644 docs/config.example.yaml $(DESTDIR)/etc/flowmeter/config.yaml
	install -d $(DESTDIR)/lib/systemd/system
	install -m 644 tools/collector/flowmeterd.service $(DESTDIR)/lib/systemd/system/
endif
	$(if $(DESTDIR),,depmod -a $(KVER))

DKMS_SRC := /usr/src/flowmeter-$(VERSION)
dkms-install:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	$(MAKE) -s kmod-tree DEST=$(DESTDIR)$(DKMS_SRC)
	sed -i 's/@VERSION@/$(VERSION)/' $(DESTDIR)$(DKMS_SRC)/dkms.conf
	$(if $(DESTDIR),,dkms remove -m flowmeter -v $(VERSION) --all >/dev/null 2>&1 || true)
	$(if $(DESTDIR),,dkms add -m flowmeter -v $(VERSION))
	$(if $(DESTDIR),,dkms build -m flowmeter -v $(VERSION) -k $(KVER))
	$(if $(DESTDIR),,dkms install -m flowmeter -v $(VERSION) -k $(KVER))

# --- Debian packages ---------------------------------------------------------
# flowmeter-dkms and flowmeter (debian/), lintian clean, in build/deb.
deb:
	$(Q)packaging/deb.sh

# The .debs installed, upgraded from iptables-netflow-dkms and removed in
# bookworm and trixie chroots (tests/pkg; root, no VM).
check-pkg: deb
	$(Q)tests/pkg/run.sh

# Every Debian package the build, the tests and the demo use.
deps:
	tests/deps.sh

style:
	$(Q)tests/checkpatch.sh kmod/*.c kmod/*.h

clean:
	rm -rf $(B)
	rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd \
		kmod/modules.order kmod/Module.symvers

distclean: clean
	rm -f config.mk config.log
