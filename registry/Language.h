#pragma once
// UI / message language: Kazakh, Russian or English (the source language). Installs our
// translations (embedded :/i18n/tirkeu_<lang>.qm) and Qt's own (qtbase_ru.qm from the system; Debian
// has no qtbase_kk.qm, so translations/kk_ru/qtbase_kk.ts translates the standard buttons we show).

#include <QLocale>
#include <QString>
#include <QStringList>

namespace tirkeu::registry {

class Language {
public:
    static QStringList supported(); // "kk", "ru", "en"
    // Switches the running application to `lang`; "en" removes the translators. Returns false for an
    // unknown code or a missing catalogue. Safe to call repeatedly (the GUI retranslates at runtime).
    static bool install(const QString& lang);
    static QString current();
    // The locale of the current language (day and month names); official dates stay dd.MM.yyyy.
    static QLocale locale();
    // From $TIRKEU_LANG, else the system locale (kk_* -> kk, ru_* -> ru), else "en".
    static QString fromEnvironment();
};

} // namespace tirkeu::registry
