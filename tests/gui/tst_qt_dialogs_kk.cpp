// Issue 16, "Kazakh everywhere": Qt's own dialogs that the application opens (its file dialog, print
// preview, print and page set-up) show no English under kk. Debian has no qtbase_kk.qm; ours
// (translations/kk_ru/qtbase_kk.ts) must cover every label, button, action, tab, group and column
// header of those dialogs. Each dialog is opened in English first (the check must see English there,
// or it proves nothing), then in Kazakh.

#include "app/gui/FileDialogs.h"
#include "common/TestMain.h"
#include "registry/Language.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPageSetupDialog>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <functional>
#include <memory>

using namespace tirkeu;

namespace {

// Every text a user reads on the dialog's widgets (not the file names a view lists).
QStringList visibleTexts(QWidget* dialog) {
    QStringList out{dialog->windowTitle()};
    for (QLabel* w : dialog->findChildren<QLabel*>())
        if (w->isVisibleTo(dialog))
            out << w->text();
    for (QAbstractButton* w : dialog->findChildren<QAbstractButton*>())
        if (w->isVisibleTo(dialog))
            out << w->text() << w->toolTip();
    for (QGroupBox* w : dialog->findChildren<QGroupBox*>())
        if (w->isVisibleTo(dialog))
            out << w->title();
    for (QTabWidget* w : dialog->findChildren<QTabWidget*>())
        for (int i = 0; i < w->count(); ++i)
            out << w->tabText(i);
    for (QToolBar* bar : dialog->findChildren<QToolBar*>())
        for (QAction* a : bar->actions())
            out << a->text() << a->toolTip();
    for (QHeaderView* h : dialog->findChildren<QHeaderView*>())
        if (h->isVisibleTo(dialog) && h->model())
            for (int i = 0; i < h->count(); ++i)
                out << h->model()->headerData(i, h->orientation()).toString();
    for (QComboBox* w : dialog->findChildren<QComboBox*>())
        if (w->isVisibleTo(dialog) && w->objectName() != u"fileTypeCombo")
            out << w->currentText();
    return out;
}

// The texts that still read as English: a Latin word of two letters or more, other than names that
// stay as they are in every language (qtbase_ru keeps them too).
QStringList english(const QStringList& texts) {
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    static const QStringList kept{QStringLiteral("PDF"), QStringLiteral("Qt"), QStringLiteral("CUPS"),
                                  QStringLiteral("CC"), QStringLiteral("DD")};
    QStringList out;
    for (QString t : texts) {
        if (t.startsWith(u'/')) // a folder's path
            continue;
        t.remove(u'&');
        auto it = word.globalMatch(t);
        while (it.hasNext()) {
            const QString w = it.next().captured();
            if (!kept.contains(w)) {
                out << t;
                break;
            }
        }
    }
    out.removeDuplicates();
    return out;
}

} // namespace

class QtDialogsKkTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // The English texts of the dialog `make` opens, then the ones left under kk.
    void check(const std::function<QWidget*()>& make) {
        QVERIFY(registry::Language::install(QStringLiteral("en")));
        {
            std::unique_ptr<QWidget> en(make());
            en->show();
            QVERIFY(QTest::qWaitForWindowExposed(en.get()));
            QTest::qWait(50);
            QVERIFY2(english(visibleTexts(en.get())).size() >= 3, "the check sees no English in English");
        }
        QVERIFY(registry::Language::install(QStringLiteral("kk")));
        std::unique_ptr<QWidget> kk(make());
        kk->show();
        QVERIFY(QTest::qWaitForWindowExposed(kk.get()));
        QTest::qWait(50);
        const QStringList left = english(visibleTexts(kk.get()));
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("English under kk: ") + left.join(QStringLiteral(" | "))));
    }

private Q_SLOTS:
    void cleanup() { registry::Language::install(QStringLiteral("en")); }

    void fileDialogs() {
        QVERIFY(m_dir.isValid());
        gui::FileDialogs::setRegisterLocation(m_dir.filePath(QStringLiteral("register.sqlite")));
        for (QFileDialog::AcceptMode mode : {QFileDialog::AcceptSave, QFileDialog::AcceptOpen})
            check([&] {
                QFileDialog* d = gui::FileDialogs::create(nullptr, QFileDialog::AnyFile, mode, QStringLiteral("PDF"),
                                                          m_dir.path(), QStringLiteral("PDF (*.pdf)"));
                d->setViewMode(QFileDialog::Detail);
                return d;
            });
    }

    void printPreview() {
        QPrinter printer(QPrinter::HighResolution);
        check([&] { return new QPrintPreviewDialog(&printer); });
    }

    void printAndPageSetup() {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(m_dir.filePath(QStringLiteral("out.pdf")));
        check([&] { return new QPrintDialog(&printer); });
        check([&] { return new QPageSetupDialog(&printer); });
    }
};

TIRKEU_TEST_MAIN(QtDialogsKkTest)
#include "tst_qt_dialogs_kk.moc"
