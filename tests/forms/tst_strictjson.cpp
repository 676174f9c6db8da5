// forms::StrictJson: JSON people write and others read (form data files, rules files) gives each key once
// in its object. Qt keeps the last of two equal keys silently; the first key given twice is named, with
// its path, and compared decoded ("\u0069in" is "iin"). Values that look like keys, or the same key in
// two objects, are not repetitions.

#include "common/TestMain.h"
#include "forms/StrictJson.h"

#include <QObject>
#include <QTest>

using tirkeu::forms::StrictJson;

namespace {
// JSON written with ' for " (readable test data; no value here holds a ').
QByteArray j(const char* text) {
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TestStrictJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void duplicateKeysAreNamedWithTheirPath_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("twice");
        QTest::newRow("none") << (j("{'iin': '1', 'name': 'Әлия', 'usage': ['sign', 'auth']}")) << QString();
        QTest::newRow("top level") << (j("{'iin': '1', 'name': 'x', 'iin': '2'}")) << QStringLiteral("iin");
        QTest::newRow("escaped") << (j("{'iin': '1', '\\u0069in': '2'}")) << QStringLiteral("iin");
        QTest::newRow("escaped Kazakh") << QByteArray("{\"\\u049b\": 1, \"\xd2\x9b\": 2}") << QStringLiteral("қ");
        QTest::newRow("a person's row") << QByteArray(
                                               j("{'persons': [{'iin': '1'}, {'iin': '2', 'name': 'a', 'iin': '3'}]}"))
                                        << QStringLiteral("persons[2].iin");
        QTest::newRow("nested object") << (j("{'a': {'b': {'c': 1, 'c': 2}}}")) << QStringLiteral("a.b.c");
        QTest::newRow("same key in two objects") << (j("{'p': [{'iin': '1'}, {'iin': '2'}], 'iin': '3'}")) << QString();
        QTest::newRow("keys inside values")
            << (j("{'note': '{\\'iin\\': 1, \\'iin\\': 2}', 'list': ['iin', 'iin'], 'iin': 'x'}")) << QString();
        QTest::newRow("quote and backslash in a value")
            << (j("{'a': 'x\\\\', 'b': '\\'', 'a': 1}")) << QStringLiteral("a");
        QTest::newRow("empty key twice") << (j("{'': 1, '': 2}")) << QStringLiteral("\"\"");
    }
    void duplicateKeysAreNamedWithTheirPath() {
        QFETCH(QByteArray, json);
        QFETCH(QString, twice);
        QCOMPARE(StrictJson::duplicateKey(json), twice);
    }

    void formDataIsOneObjectWithEachFieldOnce() {
        QString error;
        const auto ok = StrictJson::formData(j("{'iin': '900701300108'}"), &error);
        QVERIFY(ok.has_value());
        QCOMPARE(ok->value(QStringLiteral("iin")).toString(), QStringLiteral("900701300108"));
        QVERIFY(!StrictJson::formData(j("{'iin': '1', 'iin': '2'}"), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("\"iin\" is given twice")), qPrintable(error));
        QVERIFY(!StrictJson::formData(j("['iin']"), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("one JSON object")), qPrintable(error));
        QVERIFY(!StrictJson::formData(j("{'iin': "), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("not JSON")), qPrintable(error));
    }
};

TIRKEU_TEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strictjson.moc"
