#pragma once
// The test programs of one area are linked into one executable (tirkeu_tests_<area>): each
// tests/<area>/tst_x.cpp registers its test class under its file name, and the executable runs the
// one named by its first argument: `tirkeu_tests_registry tst_caengine [QtTest options…]`, which is
// what ctest does for registry.tst_caengine. TIRKEU_TEST_MAIN and TIRKEU_TEST_GUILESS_MAIN set up the
// application exactly as QtTest's QTEST_MAIN and QTEST_GUILESS_MAIN do.
#include <QTest>

namespace tirkeu::test {
using TestMainFunction = int (*)(int argc, char* argv[]);
// Registers a test program's main under the stem of its source file (tst_x); false if taken.
bool registerTestMain(const char* sourceFile, TestMainFunction main);
} // namespace tirkeu::test

#define TIRKEU_TEST_MAIN_WRAPPER(TestObject, ...)                                                                      \
    static int tirkeuTestMain_##TestObject(int argc, char* argv[]) {                                                   \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                                             \
        __VA_ARGS__                                                                                                    \
        TestObject tc;                                                                                                 \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&tc, argc, argv);                                                                          \
    }                                                                                                                  \
    [[maybe_unused]] static const bool tirkeuTestRegistered_##TestObject =                                             \
        ::tirkeu::test::registerTestMain(__FILE__, &tirkeuTestMain_##TestObject);

#define TIRKEU_TEST_MAIN(TestObject) TIRKEU_TEST_MAIN_WRAPPER(TestObject, QTEST_MAIN_SETUP())
#define TIRKEU_TEST_GUILESS_MAIN(TestObject) TIRKEU_TEST_MAIN_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
