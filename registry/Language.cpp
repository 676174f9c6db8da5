#include "registry/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

static void initI18nResources() {
    Q_INIT_RESOURCE(tirkeu_i18n);
}

namespace tirkeu::registry {

namespace {
QTranslator* g_ours = nullptr;
QTranslator* g_qt = nullptr;
QString g_current = QStringLiteral("en");

void removeTranslators() {
    for (QTranslator** t : {&g_ours, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}
} // namespace

QStringList Language::supported() {
    return {QStringLiteral("kk"), QStringLiteral("ru"), QStringLiteral("en")};
}

bool Language::install(const QString& lang) {
    if (!supported().contains(lang))
        return false;
    static const bool resourcesReady = (initI18nResources(), true);
    Q_UNUSED(resourcesReady);
    removeTranslators();
    g_current = lang;
    g_ours = new QTranslator;
    if (lang == u"en") { // English is the source; its catalogue holds the plural forms ("%n day(s)")
        if (g_ours->load(QStringLiteral(":/i18n/tirkeu_en.qm")))
            QCoreApplication::installTranslator(g_ours);
        else {
            delete g_ours;
            g_ours = nullptr;
        }
        return true;
    }
    if (!g_ours->load(QStringLiteral(":/i18n/tirkeu_%1.qm").arg(lang))) {
        delete g_ours;
        g_ours = nullptr;
        g_current = QStringLiteral("en");
        return false;
    }
    QCoreApplication::installTranslator(g_ours);
    // Qt's own strings (standard buttons, ...): the system's qtbase_ru.qm (Debian qt6-translations-l10n);
    // Debian has no qtbase_kk.qm, so the Kazakh one is ours, embedded next to tirkeu_kk.qm.
    g_qt = new QTranslator;
    const bool qtLoaded = lang == u"kk" ? g_qt->load(QStringLiteral(":/i18n/qtbase_kk.qm"))
                                        : g_qt->load(QStringLiteral("qtbase_%1").arg(lang),
                                                     QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (qtLoaded)
        QCoreApplication::installTranslator(g_qt);
    else {
        delete g_qt;
        g_qt = nullptr;
    }
    return true;
}

QString Language::current() {
    return g_current;
}

QLocale Language::locale() {
    if (g_current == u"kk")
        return QLocale(QLocale::Kazakh, QLocale::Kazakhstan);
    if (g_current == u"ru")
        return QLocale(QLocale::Russian, QLocale::Russia);
    return QLocale(QLocale::English, QLocale::UnitedKingdom);
}

QString Language::fromEnvironment() {
    const QString env = qEnvironmentVariable("TIRKEU_LANG");
    if (supported().contains(env))
        return env;
    const QString sys = QLocale::system().name();
    if (sys.startsWith(u"kk"))
        return QStringLiteral("kk");
    if (sys.startsWith(u"ru"))
        return QStringLiteral("ru");
    return QStringLiteral("en");
}

} // namespace tirkeu::registry
