#pragma once
// What the register's flows through the widgets share (tst_registerflow, tst_registerflow2): a register
// with the National CA's key and two certificates issued from CSRs (Қасымова Әлия's and a legal
// entity's), made once and copied for every test with a fresh output folder; the window of a session
// with its search page, a search typed in, a certificate's details opened from the search, the
// revocation dialog filled in up to its confirmation page, the CRL folder and a file's SHA-256.

#include "app/gui/CertificateDetailsDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RegisterActions.h"
#include "app/gui/RegisterSearchPage.h"
#include "app/gui/RevokeDialog.h"
#include "common/GuiHarness.h"
#include "common/RegistryFixture.h"
#include "gui/CopiedRegisterHarness.h"
#include "pki/Csr.h"
#include "pki/KeyGenerator.h"
#include "registry/CaEngine.h"
#include "registry/Language.h"
#include "registry/Revocations.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace tirkeu::test {

class RegisterFlowHarness : protected CopiedRegisterHarness {
protected:
    struct Window : TestWindow {
        gui::RegisterSearchPage* search() const { return actions()->searchPage(); }
    };

    // initTestCase: the register every test starts from, with the CA key and the two certificates.
    void createBase() {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        QVERIFY(m_keys.isValid());
        QVERIFY2(m_base.create(kMondayMorning), qPrintable(m_base.error));
        registry::CaEngine engine(*m_base.reg);
        TIRKEU_VERIFY_OK(engine.createRootCa(m_base.admin, kNca, pki::KeyAlgorithm::EcP256,
                                             m_keys.filePath(QStringLiteral("nca.p8")), kCaPassphrase, 10));
        const auto issue = [&](const forms::Submission& s, const QString& form, qint64* appId) -> QString {
            auto id = m_base.reg->applications().submit(m_base.operatorA, kNca, form, s);
            if (!id || !m_base.reg->applications().approve(m_base.officerB, *id))
                return {};
            auto key = pki::KeyGenerator::generate(pki::KeyAlgorithm::EcP256);
            auto csr = pki::Csr::create(
                key->get(), pki::SubjectName::person(QStringLiteral("Any"), QStringLiteral("One"), {}, kIinFifth));
            if (!csr)
                return {};
            auto cert = engine.issueFromCsr(m_base.officerA, *id, *csr, pki::SecretSource::literal(kCaPassphrase));
            if (!cert) {
                qWarning("%s", qPrintable(cert.message()));
                return {};
            }
            if (appId)
                *appId = *id;
            return cert->serialHex;
        };
        m_aliyaSerial = issue(ncaIssueIndividual(), kIssueInd, &m_aliyaApp);
        QVERIFY(!m_aliyaSerial.isEmpty());
        m_legalSerial = issue(ncaIssueLegal(), kIssueLegal, nullptr);
        QVERIFY(!m_legalSerial.isEmpty());
        m_base.close();
    }

    static QByteArray sha256Of(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
    }

    QString crlDir() {
        const QString dir = m_out->filePath(QStringLiteral("crl"));
        QDir().mkpath(dir);
        return dir;
    }

    Window openWindow(const Session& session) {
        Window w;
        static_cast<TestWindow&>(w) = openMainWindow(*m_f->reg, session);
        return w;
    }

    void runSearch(const Window& w, const QString& text) {
        w.window->tabs()->setCurrentWidget(w.search());
        auto* edit = child<QLineEdit>(w.search(), "searchText");
        edit->clear();
        edit->setFocus();
        // Cyrillic cannot go through QTest::keyClicks (Latin-1 only): one key event per character.
        for (QChar ch : text)
            QTest::sendKeyEvent(QTest::Click, edit, Qt::Key_unknown, QString(ch), Qt::NoModifier);
        QCOMPARE(edit->text(), text);
        QTest::mouseClick(child<QPushButton>(w.search(), "searchButton"), Qt::LeftButton);
    }

    gui::CertificateDetailsDialog* openDetailsOf(const Window& w, const QString& serial) {
        runSearch(w, serial);
        if (!w.search()->selectSerial(serial))
            return nullptr;
        auto* button = child<QPushButton>(w.search(), "searchDetailsButton");
        if (!button->isEnabled())
            return nullptr;
        QTest::mouseClick(button, Qt::LeftButton);
        auto* details = w.window->findChild<gui::CertificateDetailsDialog*>();
        if (details && !QTest::qWaitForWindowExposed(details))
            qWarning("the details were not exposed");
        return details;
    }

    gui::RevokeDialog* startRevoke(gui::CertificateDetailsDialog* details, int reason, const QString& document) {
        QTest::mouseClick(child<QPushButton>(details, "revokeButton"), Qt::LeftButton);
        // The one just opened (an accepted one may still wait for its deferred delete).
        gui::RevokeDialog* dialog = nullptr;
        for (gui::RevokeDialog* d : details->findChildren<gui::RevokeDialog*>())
            if (d->isVisible())
                dialog = d;
        if (!dialog)
            return nullptr;
        auto* reasons = child<QComboBox>(dialog, "reasonCombo");
        reasons->setCurrentIndex(reasons->findData(reason));
        auto* basis = child<QComboBox>(dialog, "basisCombo");
        basis->setCurrentIndex(basis->findData(QStringLiteral("holder_application")));
        auto* basisDocument = child<QLineEdit>(dialog, "basisDocument");
        // The registry refuses a longer basis document: the field stops typing at that length.
        if (basisDocument->maxLength() != registry::Revocations::kMaxBasisDocument)
            return nullptr;
        basisDocument->setText(document);
        QTest::mouseClick(child<QPushButton>(dialog, "continueButton"), Qt::LeftButton);
        return dialog;
    }

    qint64 m_aliyaApp = 0;
    QString m_aliyaSerial;
    QString m_legalSerial;
};

} // namespace tirkeu::test
