#include "app/gui/MnemonicBridge.h"

#include <QAction>
#include <QApplication>
#include <QHash>
#include <QKeyEvent>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QWidget>

namespace tirkeu::gui {

namespace {

// Latin (US) key -> the letter on the same key of the Russian and Kazakh layouts (which share the letter
// rows; Kazakh puts its own letters on the number row).
const QHash<int, int>& latinToCyrillic() {
    static const QHash<int, int> map = [] {
        const std::pair<int, char16_t> pairs[] = {
            {Qt::Key_Q, u'Й'},
            {Qt::Key_W, u'Ц'},
            {Qt::Key_E, u'У'},
            {Qt::Key_R, u'К'},
            {Qt::Key_T, u'Е'},
            {Qt::Key_Y, u'Н'},
            {Qt::Key_U, u'Г'},
            {Qt::Key_I, u'Ш'},
            {Qt::Key_O, u'Щ'},
            {Qt::Key_P, u'З'},
            {Qt::Key_BracketLeft, u'Х'},
            {Qt::Key_BracketRight, u'Ъ'},
            {Qt::Key_A, u'Ф'},
            {Qt::Key_S, u'Ы'},
            {Qt::Key_D, u'В'},
            {Qt::Key_F, u'А'},
            {Qt::Key_G, u'П'},
            {Qt::Key_H, u'Р'},
            {Qt::Key_J, u'О'},
            {Qt::Key_K, u'Л'},
            {Qt::Key_L, u'Д'},
            {Qt::Key_Semicolon, u'Ж'},
            {Qt::Key_Apostrophe, u'Э'},
            {Qt::Key_Z, u'Я'},
            {Qt::Key_X, u'Ч'},
            {Qt::Key_C, u'С'},
            {Qt::Key_V, u'М'},
            {Qt::Key_B, u'И'},
            {Qt::Key_N, u'Т'},
            {Qt::Key_M, u'Ь'},
            {Qt::Key_Comma, u'Б'},
            {Qt::Key_Period, u'Ю'},
            {Qt::Key_QuoteLeft, u'Ё'},
            // The Kazakh layout's number row.
            {Qt::Key_2, u'Ә'},
            {Qt::Key_3, u'І'},
            {Qt::Key_4, u'Ң'},
            {Qt::Key_5, u'Ғ'},
            {Qt::Key_8, u'Ү'},
            {Qt::Key_9, u'Ұ'},
            {Qt::Key_0, u'Қ'},
            {Qt::Key_Minus, u'Ө'},
            {Qt::Key_Equal, u'Һ'},
        };
        QHash<int, int> m;
        for (const auto& [latin, cyrillic] : pairs)
            m.insert(latin, cyrillic);
        return m;
    }();
    return map;
}

const QHash<int, int>& cyrillicToLatin() {
    static const QHash<int, int> map = [] {
        QHash<int, int> m;
        for (auto it = latinToCyrillic().cbegin(); it != latinToCyrillic().cend(); ++it)
            m.insert(it.value(), it.key());
        return m;
    }();
    return map;
}

// The key of an action's mnemonic ("&Файл" -> Ф), 0 when it has none.
int mnemonicKey(const QString& text) {
    const QKeySequence seq = QKeySequence::mnemonic(text);
    return seq.isEmpty() ? 0 : (seq[0].toCombined() & ~Qt::KeyboardModifierMask);
}

bool hasMnemonic(const QList<QAction*>& actions, int key) {
    for (const QAction* a : actions)
        if (a->isVisible() && !a->isSeparator() && mnemonicKey(a->text()) == key)
            return true;
    return false;
}

QString keyText(int key) {
    return key >= 0x20 && key < 0x10000 ? QString(QChar(key)).toLower() : QString();
}

} // namespace

MnemonicBridge::MnemonicBridge(QObject* parent)
    : QObject(parent) {}

void MnemonicBridge::install() {
    if (!qApp || qApp->findChild<MnemonicBridge*>(QString(), Qt::FindDirectChildrenOnly))
        return;
    qApp->installEventFilter(new MnemonicBridge(qApp));
}

std::optional<int> MnemonicBridge::otherLayoutKey(int key) {
    if (auto it = latinToCyrillic().constFind(key); it != latinToCyrillic().cend())
        return it.value();
    if (auto it = cyrillicToLatin().constFind(key); it != cyrillicToLatin().cend())
        return it.value();
    return std::nullopt;
}

bool MnemonicBridge::resend(QObject* receiver, const QKeyEvent& original, int key) {
    QKeyEvent again(QEvent::KeyPress, key, original.modifiers(), keyText(key));
    m_resending = true;
    m_resentTaken = true; // stays true unless the press reaches a widget, i.e. nothing took it
    QCoreApplication::sendEvent(receiver, &again);
    m_resending = false;
    return m_resentTaken;
}

bool MnemonicBridge::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress || !watched->isWidgetType())
        return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (m_resending) {
        // A shortcut would have taken the resent press before any widget saw it: drop it, type nothing.
        m_resentTaken = false;
        return true;
    }
    // Only a press from the keyboard, where it first arrives: not the same press propagating to the parents
    // (no longer spontaneous), nor a press some code sends.
    if (!event->spontaneous())
        return false;
    const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
    const std::optional<int> other = otherLayoutKey(key->key());
    if (!other)
        return false;

    // An open menu (or the menu bar entered with Alt) matches its items' mnemonics by the typed letter.
    QWidget* widget = static_cast<QWidget*>(watched);
    QList<QAction*> items;
    if (auto* menu = qobject_cast<QMenu*>(widget))
        items = menu->actions();
    else if (auto* bar = qobject_cast<QMenuBar*>(widget))
        items = bar->actions();
    if (!items.isEmpty()) {
        if ((mods & ~Qt::AltModifier) || hasMnemonic(items, key->key()) || !hasMnemonic(items, *other))
            return false;
        QKeyEvent again(QEvent::KeyPress, *other, key->modifiers(), keyText(*other));
        QCoreApplication::sendEvent(widget, &again);
        return true;
    }

    // Alt+letter that no shortcut took: the other layout's letter as a mnemonic.
    if (mods != Qt::AltModifier)
        return false;
    return resend(watched, *key, *other);
}

} // namespace tirkeu::gui
