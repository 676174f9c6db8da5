#pragma once
// What the issuance flows through the widgets share (tst_entryflow2, tst_entryflow3): a register whose
// National and Government Bodies CAs have their keys (EC P-256: quick to make), made once and copied for
// every test with a fresh output folder, the window of a session, an approved application, the issuance
// dialog of a queue row, a generated key's fields filled in, and an NCA certificate issued for
// Қасымова Әлия.

#include "app/gui/ApplicationQueuePage.h"
#include "app/gui/EntryActions.h"
#include "app/gui/IssuanceDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "gui/CopiedRegisterHarness.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace tirkeu::test {

class EntryFlowHarness : protected CopiedRegisterHarness {
protected:
    static inline const QString kHolderPassword = QStringLiteral("Ұстаушы-құпия-7");

    using Window = TestWindow;

    // initTestCase: the register every test starts from, with the CA keys.
    void createBase() {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
        QVERIFY(m_keys.isValid());
        // The National and the Government Bodies CAs get their keys (EC P-256: quick to make).
        for (const QString& ca : {kNca, kGov}) {
            auto init = registry::CaEngine(*m_base.reg)
                            .createRootCa(m_base.admin, ca, pki::KeyAlgorithm::EcP256,
                                          m_keys.filePath(ca + QStringLiteral(".p8")), kCaPassphrase, 10);
            TIRKEU_VERIFY_OK(init);
        }
        m_base.close();
    }

    QString dir(const QString& name) {
        const QString path = m_out->filePath(name);
        QDir().mkpath(path);
        return path;
    }

    Window openWindow(const Session& session) { return openMainWindow(*m_f->reg, session); }

    qint64 approvedApplication(const QString& ca, const QString& form, const forms::Submission& s) {
        auto id = m_f->reg->applications().submit(m_f->operatorA, ca, form, s);
        if (!id) {
            qWarning("%s", qPrintable(id.message()));
            return 0;
        }
        if (!m_f->reg->applications().approve(m_f->officerA, *id))
            return 0;
        return *id;
    }

    gui::IssuanceDialog* openIssuance(const Window& w, qint64 id) {
        w.queue()->refresh();
        w.queue()->selectApplication(id);
        return w.entry()->issueSelected();
    }

    void fillKey(gui::IssuanceDialog* d, const QString& password, const QString& repeat, const QString& media) {
        child<QRadioButton>(d, QStringLiteral("generatedKeyRadio"))->click();
        child<QComboBox>(d, QStringLiteral("algorithmCombo"))
            ->setCurrentIndex(child<QComboBox>(d, QStringLiteral("algorithmCombo"))
                                  ->findData(static_cast<int>(pki::KeyAlgorithm::EcP256)));
        typeText(child<QLineEdit>(d, QStringLiteral("holderPassword")), password);
        typeText(child<QLineEdit>(d, QStringLiteral("holderPasswordRepeat")), repeat);
        typeText(child<QLineEdit>(d, QStringLiteral("mediaSerial")), media);
    }

    // An issued NCA certificate for Қасымова Әлия, its serial.
    QString issueIndividual() {
        const qint64 id = approvedApplication(kNca, kIssueInd, ncaIssueIndividual());
        if (id == 0)
            return {};
        auto r = registry::CaEngine(*m_f->reg).issueWithGeneratedKey(
            m_f->officerB, id, registry::KeyOnMedia{pki::KeyAlgorithm::EcP256, kHolderPassword, {}},
            pki::SecretSource::literal(kCaPassphrase));
        return r ? r->serialHex : QString();
    }
};

} // namespace tirkeu::test
