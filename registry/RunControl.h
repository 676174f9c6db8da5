#pragma once
// Progress and cancel of one long registry operation (CRL publishing, a register backup), as the GUI's
// Job offers them: `progress` hears how far it is (done of total, 0: unknown) and what it does;
// `cancelled` is asked between steps. Each operation says where it honours a cancel and what is left
// then; a cancelled operation returns an error, never a partial success.

#include <QString>

#include <functional>

namespace tirkeu::registry {

struct RunControl {
    std::function<void(qint64 done, qint64 total, const QString& text)> progress;
    std::function<bool()> cancelled;

    static bool isCancelled(const RunControl* c) { return c && c->cancelled && c->cancelled(); }
    static void report(const RunControl* c, qint64 done, qint64 total, const QString& text) {
        if (c && c->progress)
            c->progress(done, total, text);
    }
};

} // namespace tirkeu::registry
