#pragma once
// Arms the retention sweep's own statements (Retention::sweep): while a SweepGuard lives on this
// thread, the SQLite function tirkeu_sweep_armed() returns 1, and only then does the schema's trigger
// let maintenance.sweep_active become 1 (SchemaSql.h, migration 5). The function exists only in
// connections Tirkeu opened, so an sqlite3 shell cannot set the flag at all.

namespace tirkeu::registry {

class SweepGuard {
public:
    SweepGuard() { ++depth(); }
    ~SweepGuard() { --depth(); }
    SweepGuard(const SweepGuard&) = delete;
    SweepGuard& operator=(const SweepGuard&) = delete;
    static bool armed() { return depth() > 0; }

private:
    static int& depth() {
        static thread_local int d = 0;
        return d;
    }
};

} // namespace tirkeu::registry
