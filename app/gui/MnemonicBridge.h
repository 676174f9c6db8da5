#pragma once
// Mnemonics that work in both keyboard layouts. Under kk and ru the labels' mnemonics are Cyrillic
// ("&Файл"), but an operator who types IINs and Latin e-mail addresses often has the Latin layout
// active: Alt plus the key that carries Ф then arrives as Alt+A and Qt finds no mnemonic. The bridge
// watches key presses that no shortcut took and tries the letter on the same physical key in the
// other layout (Russian ЙЦУКЕН for the letters, the Kazakh layout's number row for Ә І Ң Ғ Ү Ұ Қ Ө Һ;
// and back to Latin for English mnemonics under a Cyrillic layout). It resends the press as that
// letter, so Qt's own mnemonic handling (buttons, labels' buddies, tabs, group boxes, the menu bar)
// does the rest; an open menu gets the other layout's letter only when its own letter matches no item.
// Nothing is typed: a resent press that no shortcut took is dropped.

#include <QObject>

#include <optional>

class QKeyEvent;

namespace tirkeu::gui {

class MnemonicBridge : public QObject {
    Q_OBJECT
public:
    // Installs the bridge on the application once (later calls do nothing).
    static void install();

    // The Qt key on the same physical key in the other layout (Latin <-> Cyrillic), if any.
    static std::optional<int> otherLayoutKey(int key);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit MnemonicBridge(QObject* parent);
    bool resend(QObject* receiver, const QKeyEvent& original, int key);

    bool m_resending = false;
    bool m_resentTaken = false;
};

} // namespace tirkeu::gui
