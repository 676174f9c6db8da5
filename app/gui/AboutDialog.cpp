#include "app/gui/AboutDialog.h"

#include "pki/LibraryVersion.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tirkeu::gui {

AboutDialog::AboutDialog(Kind kind, QWidget* parent)
    : QDialog(parent)
    , m_kind(kind) {
    setObjectName(kind == Kind::About ? QStringLiteral("aboutDialog") : QStringLiteral("guideDialog"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("text"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    retranslateUi();
    resize(kind == Kind::About ? QSize(520, 320) : QSize(620, 520));
}

QString AboutDialog::aboutText() {
    return tr("<h2>Tirkeu %1</h2>"
              "<p>The back office of a certification authority: applications, issuance, revocation, CRLs, "
              "registers and journals.</p>"
              "<p>Licence: proprietary; © the Tirkeu authors.</p>"
              "<p>Qt %2 (built with %3)<br>%4</p>")
        .arg(QApplication::applicationVersion().isEmpty() ? QStringLiteral(TIRKEU_VERSION)
                                                          : QApplication::applicationVersion(),
             QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR), pki::openSslVersion().toHtmlEscaped());
}

QString AboutDialog::guideText() {
    return tr(
        "<h2>Getting started</h2>"
        "<ol>"
        "<li><b>Set up a CA.</b> An administrator opens Settings → CAs, adds the CA and creates its key "
        "and certificate (a root, or a request to the parent CA).</li>"
        "<li><b>Add operators.</b> The administrator adds an account for each operator, CA officer and "
        "auditor in Settings → Operators.</li>"
        "<li><b>Enter an application.</b> An operator chooses New application, fills in the form and "
        "saves it; it appears in the Applications tab.</li>"
        "<li><b>Approve.</b> A CA officer selects the application and approves it (four eyes: the one "
        "who entered it cannot approve it).</li>"
        "<li><b>Issue.</b> A CA officer selects the approved application and chooses Issue certificate; print or save "
        "the paper certificate for the applicant's signature.</li>"
        "<li><b>Revoke.</b> Find the certificate in the Register or Search tab and choose Revoke, with "
        "the reason from the applicant's letter.</li>"
        "<li><b>Publish the CRL.</b> Certificates → Publish CRL signs a new list and writes it where the "
        "CA's settings say.</li>"
        "</ol>"
        "<p>To work as someone else, choose Register → Sign out: the sign-in window opens again.</p>");
}

void AboutDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AboutDialog::retranslateUi() {
    if (m_kind == Kind::About) {
        setWindowTitle(tr("About Tirkeu"));
        m_text->setText(aboutText());
    } else {
        setWindowTitle(tr("Getting started"));
        m_text->setText(guideText());
    }
}

} // namespace tirkeu::gui
