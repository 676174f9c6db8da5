#pragma once
// A register made once (initTestCase: m_base, its CA keys in m_keys) and copied for every test (init: m_f,
// with a fresh output folder m_out), English messages in each: what the widget flows of tst_entryflow2/3 and
// tst_registerflow/2 start from (EntryFlowSupport.h, RegisterFlowSupport.h).

#include "common/RegistryFixture.h"
#include "registry/Language.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace tirkeu::test {

class CopiedRegisterHarness {
protected:
    // init: a copy of the base register for the test, an hour after it was made, and an empty output folder.
    void copyBase() {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        m_f = std::make_unique<RegistryFixture>();
        QVERIFY2(m_f->copyOf(m_base, kMondayMorning.addSecs(3600)), qPrintable(m_f->error));
        m_out = std::make_unique<QTemporaryDir>();
        QVERIFY(m_out->isValid());
    }

    // cleanup
    void dropCopy() {
        m_f.reset();
        m_out.reset();
        registry::Language::install(QStringLiteral("en"));
    }

    RegistryFixture m_base;
    QTemporaryDir m_keys; // the CA key files, shared by every copy of the register
    std::unique_ptr<RegistryFixture> m_f;
    std::unique_ptr<QTemporaryDir> m_out;
};

} // namespace tirkeu::test
