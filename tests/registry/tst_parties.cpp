// Read-only lookups of known persons and organisations by IIN / BIN (the counter's autofill offer):
// what a submission stored is found again, unknown or malformed numbers find nothing, and the
// lookups need a session that may view the register.

#include "common/RegistryFixture.h"
#include "common/TestMain.h"
#include "registry/Parties.h"

#include <QObject>

using namespace tirkeu;
using namespace tirkeu::registry;
using namespace tirkeu::test;

class PartiesTest : public QObject {
    Q_OBJECT

    RegistryFixture m_fx;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(m_fx.create(almaty(2026, 3, 2)), qPrintable(m_fx.error));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueInd, ncaIssueIndividual()));
        TIRKEU_VERIFY_OK(m_fx.reg->applications().submit(m_fx.operatorA, kNca, kIssueLegal, ncaIssueLegal()));
    }

    void knownIinFindsThePersonWithKazakhLetters() {
        auto p = Parties(*m_fx.reg).personByIin(m_fx.operatorA, kIinAliya);
        TIRKEU_VERIFY_OK(p);
        QVERIFY(p->has_value());
        QCOMPARE((*p)->iin, kIinAliya);
        QCOMPARE((*p)->surname, QStringLiteral("Қасымова"));
        QCOMPARE((*p)->name, QStringLiteral("Әлия"));
        QCOMPARE((*p)->patronymic, QStringLiteral("Серікқызы"));
        QCOMPARE((*p)->email, QStringLiteral("aliya.kassymova@example.kz"));
        QCOMPARE((*p)->phone, QStringLiteral("+77012345678")); // stored normalised
        QCOMPARE((*p)->fullName(), QStringLiteral("Қасымова Әлия Серікқызы"));
        QVERIFY((*p)->updatedAt.isValid());
        // The representative of the legal entity was stored as a person too.
        auto rep = Parties(*m_fx.reg).personByIin(m_fx.auditor, kIinSecond);
        TIRKEU_VERIFY_OK(rep);
        QVERIFY(rep->has_value());
        QCOMPARE((*rep)->surname, QStringLiteral("Нұрланов"));
    }

    void knownBinFindsTheOrganisation() {
        auto o = Parties(*m_fx.reg).organisationByBin(m_fx.officerA, QStringLiteral(" ") + kBin);
        TIRKEU_VERIFY_OK(o);
        QVERIFY(o->has_value());
        QCOMPARE((*o)->bin, kBin);
        QCOMPARE((*o)->shortName, QStringLiteral("Жарық ЖШС"));
        QCOMPARE((*o)->fullName, QStringLiteral("«Жарық» жауапкершілігі шектеулі серіктестігі"));
        QCOMPARE((*o)->region, QStringLiteral("Ақмола облысы"));
        QCOMPARE((*o)->city, QStringLiteral("Көкшетау"));
        QVERIFY(!(*o)->governmentBody);
    }

    void unknownOrMalformedNumbersFindNothing() {
        Parties parties(*m_fx.reg);
        for (const QString& iin :
             {kIinThird, kIinBadCheckDigit, QStringLiteral("12345"), QStringLiteral("' OR 1=1 --"), QString()}) {
            auto p = parties.personByIin(m_fx.operatorA, iin);
            TIRKEU_VERIFY_OK(p);
            QVERIFY2(!p->has_value(), qPrintable(iin));
        }
        auto o = parties.organisationByBin(m_fx.operatorA, kBinSecond);
        TIRKEU_VERIFY_OK(o);
        QVERIFY(!o->has_value());
        // An IIN is not a BIN: the person's number finds no organisation.
        auto cross = parties.organisationByBin(m_fx.operatorA, kIinAliya);
        TIRKEU_VERIFY_OK(cross);
        QVERIFY(!cross->has_value());
    }

    void lookupsNeedAPermittedSession() {
        // Every role asks Roles for ViewRegister (all four may view today); the answer must follow it.
        for (Role r : {Role::Operator, Role::Officer, Role::Auditor, Role::Administrator}) {
            Session s = m_fx.operatorA;
            s.role = r;
            auto p = Parties(*m_fx.reg).personByIin(s, kIinAliya);
            QCOMPARE(p.ok(), Roles::allows(r, Permission::ViewRegister));
            auto o = Parties(*m_fx.reg).organisationByBin(s, kBin);
            QCOMPARE(o.ok(), Roles::allows(r, Permission::ViewRegister));
        }
    }
};

TIRKEU_TEST_GUILESS_MAIN(PartiesTest)
#include "tst_parties.moc"
