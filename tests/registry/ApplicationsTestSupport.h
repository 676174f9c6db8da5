#pragma once
// What the application tests share (tst_applications, tst_applications_validation,
// tst_applications_deadlines): a register made once on a FixedClock (02.03.2026 09:00, Almaty) and a
// fresh copy of it for every test (11:00), Қасымова Әлия's issuance application approved and done
// with her certificate in the register, and the counts that an invalid submission must leave untouched.

#include "common/RegistryFixture.h"

#include <QByteArray>
#include <QString>
#include <QTest>

#include <memory>

namespace tirkeu::test {

class ApplicationsHarness {
protected:
    static inline const QString kSerial = QStringLiteral("4F2A9C01D3E5B7A80011223344556677889900AB");

    // What an invalid submission must leave untouched.
    struct Counts {
        qint64 applications, history, persons, organisations, events;
        bool operator==(const Counts&) const = default;

        // Readable QCOMPARE failures.
        friend char* toString(const Counts& c) {
            return qstrdup(QByteArray("applications=" + QByteArray::number(c.applications) + " history=" +
                                      QByteArray::number(c.history) + " persons=" + QByteArray::number(c.persons) +
                                      " organisations=" + QByteArray::number(c.organisations) +
                                      " events=" + QByteArray::number(c.events))
                               .constData());
        }
    };

    static Counts counts(RegistryFixture& f) {
        return {f.count(QStringLiteral("applications")), f.count(QStringLiteral("application_history")),
                f.count(QStringLiteral("persons")), f.count(QStringLiteral("organisations")),
                f.count(QStringLiteral("audit_events"))};
    }

    // initTestCase: the register every test starts from.
    void createTemplate() { QVERIFY2(m_template.create(almaty(2026, 3, 2, 9)), qPrintable(m_template.error)); }
    // init: a copy of it for the test.
    void copyTemplate() {
        m_f = std::make_unique<RegistryFixture>();
        QVERIFY2(m_f->copyOf(m_template, almaty(2026, 3, 2, 11)), qPrintable(m_f->error));
    }
    // cleanup
    void dropCopy() { m_f.reset(); }

    // An issuance application of Қасымова Әлия, approved and done, and her certificate in the register.
    qint64 aliyaWithCertificate() {
        auto id = m_f->reg->applications().submit(m_f->operatorA, kNca, kIssueInd, ncaIssueIndividual());
        if (!id)
            return 0;
        if (!m_f->reg->applications().approve(m_f->officerA, *id) ||
            !m_f->reg->applications().markDone(m_f->officerA, *id))
            return 0;
        auto cert = m_f->insertCertificate(m_f->ncaId, kSerial, kIinAliya, m_f->clock.now(), *id);
        return cert ? *cert : 0;
    }

    RegistryFixture m_template;
    std::unique_ptr<RegistryFixture> m_f;
};

} // namespace tirkeu::test
