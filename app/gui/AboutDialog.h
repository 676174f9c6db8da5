#pragma once
// Help → About (version, licence, Qt and OpenSSL versions) and Help → Getting started: the newcomer's
// path from an empty register to a published CRL, as translatable text.

#include <QDialog>

class QLabel;

namespace tirkeu::gui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    enum class Kind { About, Guide };
    explicit AboutDialog(Kind kind, QWidget* parent = nullptr);

    // The texts shown, in the current language (rich text).
    static QString aboutText();
    static QString guideText();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    Kind m_kind;
    QLabel* m_text = nullptr;
};

} // namespace tirkeu::gui
