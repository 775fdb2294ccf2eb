// jemalloc's options for the programs linked with it (compiled into each of
// them by giamsat_use_jemalloc in the top CMakeLists.txt; the MALLOC_CONF
// environment variable still overrides them). thp:always asks the kernel for
// transparent huge pages on jemalloc's memory (the kernel's "madvise" mode,
// Debian's default, gives none otherwise): the rules engine's state cache
// and timer wheel are read at random over gigabytes, where 4 kB pages cost
// a page walk per access (timer_bench at 10M pending: 1.1 instead of 2.0 µs
// per timer).
extern "C" {
// NOLINTNEXTLINE: the name jemalloc reads.
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
