// Benchmark (issue 18): the register page of the GUI (RegisterSearchPage with its RegisterHitModel,
// offscreen) on a register of N certificates made by tests/bench/RegisterGenerator.h. Measures, each
// including the repaint: opening the page, the first page of a broad name search (every holder whose
// surname starts with "Қ", a tenth of the register), and scrolling the list down to pages 10, 100 and
// 1,000 of that search (the list reads a page of 100 rows each time the view reaches its end, as a user
// scrolling down does). Goal: each step under 200 ms. Prints the slowest single step on the way to
// each page and the total time to get there.
//   bench_gui_register [--certs N] [--register FILE] [--pages 10,100,1000]      (TIRKEU_BENCH_GUI_CERTS; --register
//   reuses a register left by bench_search --dir, whose officer is "officer")
#include "app/gui/Prompter.h"
#include "app/gui/RegisterHitModel.h"
#include "app/gui/RegisterSearchPage.h"
#include "tests/bench/RegisterGenerator.h"

#include <QApplication>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>

using namespace tirkeu;
using namespace tirkeu::bench;

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 certs = countOption(args, QStringLiteral("--certs"), "TIRKEU_BENCH_GUI_CERTS", 200000);
    const QString reuse = option(args, QStringLiteral("--register"), nullptr, {});
    QTemporaryDir temp;

    std::unique_ptr<registry::Register> reg;
    registry::Session officer;
    qint64 total = certs;
    if (!reuse.isEmpty()) {
        reg = need(registry::Register::open(reuse, registry::Register::OpenMode::Existing), "open the register");
        auto q = need(reg->db().exec(QStringLiteral("SELECT id, full_name FROM operators WHERE login = 'officer'")),
                      "officer");
        if (!q.next())
            die(QStringLiteral("%1 has no operator \"officer\" (made by bench_search --dir?)").arg(reuse));
        officer = registry::Session{q.value(0).toLongLong(), QStringLiteral("officer"), q.value(1).toString(),
                                    registry::Role::Officer};
        total = need(reg->db().scalar(QStringLiteral("SELECT count(*) FROM certificates")), "count").toLongLong();
    } else {
        BenchRegister b = createBenchRegister(temp.filePath(QStringLiteral("register.sqlite")), QStringLiteral("NCA"),
                                              QStringLiteral("Ұлттық куәландырушы орталығы"), forms::CaKind::National,
                                              pki::KeyAlgorithm::EcP256, temp.filePath(QStringLiteral("ca.p8")));
        GeneratorSpec spec;
        spec.certificates = certs;
        spec.caId = b.caId;
        spec.operatorId = b.officer.operatorId;
        spec.now = QDateTime::currentSecsSinceEpoch();
        const GeneratorStats g = generateRegister(b.reg->db(), spec);
        std::printf("generated %lld certificates (%lld rows) in %.1f s: %.0f rows/s\n", (long long)g.certificates,
                    (long long)g.rows(), g.seconds, double(g.rows()) / g.seconds);
        reg = std::move(b.reg);
        officer = b.officer;
    }
    std::printf("bench_gui_register: register page of %lld certificates, offscreen; load average %s\n",
                (long long)total, qPrintable(loadAverage()));
    figure("certificates", double(total));

    int slow = 0;
    const auto step = [&slow](const char* key, double ms) {
        figure(key, ms);
        if (ms >= 200)
            ++slow;
    };

    gui::Prompter prompter;
    Stopwatch t;
    auto* page = new gui::RegisterSearchPage(*reg, officer, prompter);
    page->resize(1280, 800);
    page->show();
    QApplication::processEvents();
    const double openMs = t.seconds() * 1000;
    std::printf("open the page:              %8.1f ms\n", openMs);
    step("open_ms", openMs);

    auto* text = page->findChild<QLineEdit*>(QStringLiteral("searchText"));
    if (!text)
        die(QStringLiteral("no search field on the register page"));
    text->setText(QStringLiteral("қ"));
    t.restart();
    page->search();
    QApplication::processEvents();
    const double firstMs = t.seconds() * 1000;
    gui::RegisterHitModel* model = page->model();
    std::printf("first page of \"қ\":          %8.1f ms (%d rows)\n", firstMs, model->rowCount());
    std::fflush(stdout);
    step("first_page_ms", firstMs);
    if (model->rowCount() == 0)
        die(QStringLiteral("the search found nothing"));

    QTableView* view = page->view();
    double reached = 0;
    double worst = 0;
    int checks = 0;
    QList<int> targets;
    for (const QString& p : option(args, QStringLiteral("--pages"), nullptr, QStringLiteral("10,100,1000")).split(u','))
        targets << qMax(2, p.toInt());
    for (int target : std::as_const(targets)) {
        // Scroll to the end of what is loaded; the view asks the model for the next page (fetchMore).
        while (model->pagesLoaded() < target && model->hasMore()) {
            t.restart();
            view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
            QApplication::processEvents();
            const double ms = t.seconds() * 1000;
            reached += ms;
            worst = qMax(worst, ms);
        }
        if (model->pagesLoaded() < target) {
            std::printf("page %d: the search has only %d pages\n", target, model->pagesLoaded());
            break;
        }
        // The step that loaded this page, once more on its own: the next page after it.
        t.restart();
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
        QApplication::processEvents();
        const double next = t.seconds() * 1000;
        reached += next;
        worst = qMax(worst, next);
        std::printf("scroll to page %4d:         %8.1f ms for that page, slowest step so far %.1f ms, %.0f ms in all "
                    "(%d rows loaded)\n",
                    target, next, worst, reached, model->rowCount());
        const QByteArray key = "scroll.page_" + QByteArray::number(target);
        step(QByteArray(key + ".step_ms").constData(), next);
        figure(QByteArray(key + ".slowest_step_ms").constData(), worst);
        figure(QByteArray(key + ".total_ms").constData(), reached);
        std::fflush(stdout);
        ++checks;
    }
    figure("scroll.pages_loaded", model->pagesLoaded());
    figure("scroll.slowest_step_ms", worst);
    figure("scroll.targets_reached", checks);
    if (worst >= 200)
        ++slow;
    figure("steps_over_200ms", slow);
    figure("goal_met", slow == 0 ? 1 : 0);
    const bool ok = model->pagesLoaded() >= 2 && model->lastError().ok();
    delete page;
    std::printf("BENCH checks_failed=%d\n", ok ? 0 : 1);
    return ok ? 0 : 1;
}
