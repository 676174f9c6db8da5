#include "app/gui/RegisterCheck.h"

#include "registry/Register.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QLabel>
#include <QProgressDialog>
#include <QTimer>

namespace tirkeu::gui {

namespace {
struct RegisterCheck {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::gui::RegisterCheck)
};
} // namespace

QString awaitRegisterCheck(registry::Register& reg, QWidget* parent) {
    if (!reg.damageKnown()) {
        reg.startDamageCheck(); // no-op when it already runs
        QProgressDialog progress(
            RegisterCheck::tr("Checking the register %1 before the first change…").arg(reg.location()), QString(), 0, 0,
            parent);
        auto* label = new QLabel(progress.labelText()); // a long path wraps instead of widening the window
        label->setWordWrap(true);
        progress.setLabel(label);
        progress.setMinimumWidth(420);
        progress.setWindowTitle(RegisterCheck::tr("Tirkeu: checking the register"));
        progress.setWindowModality(Qt::ApplicationModal);
        progress.setMinimumDuration(400);
        progress.setValue(0);
        QEventLoop loop;
        QTimer poll;
        poll.setInterval(50);
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (reg.damageKnown())
                loop.quit();
        });
        poll.start();
        if (!reg.damageKnown())
            loop.exec();
    }
    return reg.damage();
}

} // namespace tirkeu::gui
