#include "app/gui/KeyBackupDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Prompter.h"
#include "registry/CaEngine.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"
#include "registry/RulesBook.h"
#include "reports/KeyShareHandover.h"

#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
QWidget* withButton(QWidget* parent, QWidget* field, QPushButton* button) {
    auto* w = new QWidget(parent);
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(field, 1);
    row->addWidget(button);
    return w;
}

QPushButton* named(QWidget* parent, const char* name) {
    auto* b = new QPushButton(parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

QLineEdit* namedEdit(QWidget* parent, const char* name, bool secret = false) {
    auto* e = new QLineEdit(parent);
    e->setObjectName(QString::fromLatin1(name));
    if (secret)
        e->setEchoMode(QLineEdit::Password);
    return e;
}
} // namespace

KeyBackupDialog::KeyBackupDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                                 const QString& caCode, Mode mode, QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter)
    , m_caCode(caCode)
    , m_mode(mode) {
    setObjectName(mode == Mode::Backup ? QStringLiteral("keyBackupDialog") : QStringLiteral("keyRestoreDialog"));
    auto* layout = dialogLayout(this);
    m_intro = noteLabel(this);
    layout->addWidget(m_intro);
    auto* form = formLayout();
    const QString base = QDir::home().filePath(QStringLiteral("tirkeu-ca/"));
    if (mode == Mode::Backup) {
        // The scheme of the rules in force (never below the floor of 3 of 5).
        int shares = registry::RulesBook::kFloorKeyBackupShares;
        int threshold = registry::RulesBook::kFloorKeyBackupThreshold;
        if (auto edition = m_reg.rules().at()) {
            shares = std::max(shares, edition->keyBackup.shares);
            threshold = std::max(threshold, edition->keyBackup.threshold);
        }
        m_sharesLabel = new QLabel(this);
        m_shares = new QSpinBox(this);
        m_shares->setObjectName(QStringLiteral("backupShares"));
        m_shares->setRange(shares, 20);
        m_shares->setMaximumWidth(120);
        m_thresholdLabel = new QLabel(this);
        m_threshold = new QSpinBox(this);
        m_threshold->setObjectName(QStringLiteral("backupThreshold"));
        m_threshold->setRange(threshold, 20);
        m_threshold->setMaximumWidth(120);
        m_sharesLabel->setBuddy(m_shares);
        m_thresholdLabel->setBuddy(m_threshold);
        form->addRow(m_sharesLabel, m_shares);
        form->addRow(m_thresholdLabel, m_threshold);
        m_outLabel = new QLabel(this);
        m_outDir = namedEdit(this, "backupOutDir");
        m_outDir->setText(QDir::toNativeSeparators(base + m_caCode + QStringLiteral("-backup")));
        m_browseOut = named(this, "browseBackupOut");
        m_outLabel->setBuddy(m_outDir);
        form->addRow(m_outLabel, withButton(this, m_outDir, m_browseOut));
        layout->addLayout(form);
        m_custodians = new QTableWidget(this);
        m_custodians->setObjectName(QStringLiteral("custodianTable"));
        m_custodians->setColumnCount(2);
        m_custodians->verticalHeader()->setDefaultSectionSize(m_custodians->fontMetrics().height() + 12);
        m_custodians->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        layout->addWidget(m_custodians, 1);
        setShareCount(m_shares->value());
        connect(m_shares, &QSpinBox::valueChanged, this, &KeyBackupDialog::setShareCount);
        connect(m_threshold, &QSpinBox::valueChanged, this, &KeyBackupDialog::retranslateUi);
        connect(m_browseOut, &QPushButton::clicked, this, [this] {
            if (auto dir = m_prompter.chooseDirectory(this, windowTitle(), m_outDir->text()))
                m_outDir->setText(QDir::toNativeSeparators(*dir));
        });
    } else {
        m_backupLabel = new QLabel(this);
        m_backupFile = namedEdit(this, "restoreBackupFile");
        m_browseBackup = named(this, "browseRestoreBackup");
        m_backupLabel->setBuddy(m_backupFile);
        form->addRow(m_backupLabel, withButton(this, m_backupFile, m_browseBackup));
        m_shareFilesLabel = new QLabel(this);
        m_shareFiles = new QListWidget(this);
        m_shareFiles->setObjectName(QStringLiteral("restoreShareFiles"));
        m_addShare = named(this, "addShareButton");
        m_removeShare = named(this, "removeShareButton");
        auto* shareButtons = new QVBoxLayout;
        shareButtons->addWidget(m_addShare);
        shareButtons->addWidget(m_removeShare);
        shareButtons->addStretch(1);
        auto* shareRow = new QHBoxLayout;
        shareRow->addWidget(m_shareFiles, 1);
        shareRow->addLayout(shareButtons);
        form->addRow(m_shareFilesLabel, shareRow);
        m_keyOutLabel = new QLabel(this);
        m_keyOut = namedEdit(this, "restoreKeyOut");
        m_keyOut->setText(QDir::toNativeSeparators(base + m_caCode + QStringLiteral("-restored-key.p8")));
        m_keyOutLabel->setBuddy(m_keyOut);
        form->addRow(m_keyOutLabel, m_keyOut);
        m_passLabel = new QLabel(this);
        m_pass = namedEdit(this, "restorePassphrase", true);
        m_pass2Label = new QLabel(this);
        m_pass2 = namedEdit(this, "restorePassphrase2", true);
        m_passLabel->setBuddy(m_pass);
        m_pass2Label->setBuddy(m_pass2);
        form->addRow(m_passLabel, m_pass);
        form->addRow(m_pass2Label, m_pass2);
        m_activate = new QCheckBox(this);
        m_activate->setObjectName(QStringLiteral("restoreActivate"));
        form->addRow(QString(), m_activate);
        layout->addLayout(form, 1);
        connect(m_browseBackup, &QPushButton::clicked, this, [this] {
            const QString f = m_prompter.openFileName(this, windowTitle(), tr("Key backups (*.backup)"));
            if (!f.isEmpty())
                m_backupFile->setText(QDir::toNativeSeparators(f));
        });
        connect(m_addShare, &QPushButton::clicked, this, &KeyBackupDialog::addShare);
        connect(m_removeShare, &QPushButton::clicked, this, [this] { delete m_shareFiles->currentItem(); });
    }
    m_message = messageLabel(this);
    m_message->setObjectName(QStringLiteral("keyBackupMessage"));
    layout->addWidget(m_message);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_run = named(this, "keyBackupRun");
    m_run->setDefault(true);
    m_cancel = named(this, "keyBackupCancel");
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    connect(m_run, &QPushButton::clicked, this, &KeyBackupDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    retranslateUi();
    resize(720, mode == Mode::Backup ? 520 : 480);
}

void KeyBackupDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void KeyBackupDialog::retranslateUi() {
    m_cancel->setText(tr("Cancel"));
    if (m_mode == Mode::Backup) {
        setWindowTitle(tr("Back up the key of the CA %1").arg(m_caCode));
        m_intro->setText(tr("The key is written encrypted; its data key is split into one share per custodian, and "
                            "any %1 shares restore it. Name each custodian (full name, position and organisation); "
                            "hand each one share file against a signature on the printed hand-over record.")
                             .arg(m_threshold->value()));
        m_sharesLabel->setText(tr("Custodians (shares):"));
        m_thresholdLabel->setText(tr("Shares needed to restore:"));
        m_outLabel->setText(tr("Folder:"));
        m_browseOut->setText(tr("Choose…"));
        m_custodians->setHorizontalHeaderLabels({tr("Full name"), tr("Position and organisation")});
        m_run->setText(tr("&Back up"));
    } else {
        setWindowTitle(tr("Restore the key of the CA %1").arg(m_caCode));
        m_intro->setText(tr("A new encrypted key file from the backup and enough custodians' shares. The key must "
                            "match the CA's certificate; too few, foreign or altered shares are refused and nothing "
                            "is written."));
        m_backupLabel->setText(tr("Backup file:"));
        m_browseBackup->setText(tr("Choose…"));
        m_shareFilesLabel->setText(tr("Share files:"));
        m_addShare->setText(tr("&Add share…"));
        m_removeShare->setText(tr("Remove"));
        m_keyOutLabel->setText(tr("New key file:"));
        m_passLabel->setText(tr("New passphrase:"));
        m_pass2Label->setText(tr("Passphrase again:"));
        m_pass->setPlaceholderText(tr("at least 12 characters"));
        m_activate->setText(tr("From now on the CA signs with the restored key file"));
        m_run->setText(tr("&Restore"));
    }
}

void KeyBackupDialog::setShareCount(int shares) {
    if (!m_custodians)
        return;
    m_custodians->setRowCount(shares);
    for (int row = 0; row < shares; ++row)
        for (int column = 0; column < 2; ++column)
            if (!m_custodians->item(row, column))
                m_custodians->setItem(row, column, new QTableWidgetItem);
    if (m_threshold)
        m_threshold->setMaximum(shares);
}

void KeyBackupDialog::addShare() {
    const QString f = m_prompter.openFileName(this, windowTitle(), tr("Key shares (*.share)"));
    if (f.isEmpty())
        return;
    m_shareFiles->addItem(QDir::toNativeSeparators(f));
    if (m_backupFile->text().trimmed().isEmpty()) {
        // As the CLI: CODE.backup next to the first share, when it is there.
        const QString guess = QFileInfo(f).dir().filePath(m_caCode + QStringLiteral(".backup"));
        if (QFileInfo::exists(guess))
            m_backupFile->setText(QDir::toNativeSeparators(guess));
    }
}

void KeyBackupDialog::fail(const QString& message) {
    m_message->setText(message);
    m_message->show();
    m_prompter.showError(this, windowTitle(), message);
}

void KeyBackupDialog::run() {
    m_message->hide();
    if (m_mode == Mode::Backup)
        runBackup();
    else
        runRestore();
}

void KeyBackupDialog::runBackup() {
    QList<registry::KeyCustodian> custodians;
    for (int row = 0; row < m_custodians->rowCount(); ++row) {
        const QString name = m_custodians->item(row, 0)->text().trimmed();
        const QString position = m_custodians->item(row, 1)->text().trimmed();
        if (name.isEmpty() || position.isEmpty()) {
            m_message->setText(tr("Name the custodian of share %1: full name and position.").arg(row + 1));
            m_message->show();
            return;
        }
        custodians << registry::KeyCustodian{name, position};
    }
    const std::optional<QString> pass =
        m_prompter.askPassword(this, windowTitle(), tr("Passphrase of the key of the CA %1:").arg(m_caCode));
    if (!pass)
        return;
    // The hand-over record's name must be free before the backup is made (it is printed after it).
    const QString outDir = QDir::fromNativeSeparators(m_outDir->text().trimmed());
    const QString handover = reports::KeyShareHandover::pathIn(outDir, m_caCode);
    if (Status s = registry::OutputFiles::checkNew(handover); !s) {
        fail(s.message());
        return;
    }
    BusyCursor busy;
    auto backup =
        registry::CaEngine(m_reg).backupKey(m_session, m_caCode, outDir, m_shares->value(), m_threshold->value(),
                                            custodians, pki::SecretSource::literal(*pass));
    if (!backup) {
        fail(backup.message());
        return;
    }
    // The printed hand-over record, signed by each custodian on receipt of the share (as the CLI).
    m_files = QStringList{backup->backupFile} + backup->shareFiles;
    QStringList lines;
    for (int i = 0; i < backup->shareFiles.size(); ++i)
        lines << QStringLiteral("%1 — %2").arg(QDir::toNativeSeparators(backup->shareFiles.at(i)),
                                               backup->custodians.value(i).name);
    m_resultText = tr("Key of the CA %1 (SHA-256 %2) backed up as %3; any %4 of these %5 shares restore it. Give "
                      "each custodian one share file and delete it here:")
                       .arg(m_caCode, backup->fingerprint, QDir::toNativeSeparators(backup->backupFile))
                       .arg(backup->threshold)
                       .arg(backup->shares) +
                   QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    if (Status s = reports::KeyShareHandover::save(*backup, handover); !s) {
        m_resultText += QLatin1Char('\n') + s.message();
        fail(s.message());
        return;
    }
    m_files << handover;
    m_resultText +=
        QLatin1Char('\n') + tr("Hand-over record to print and sign: %1").arg(QDir::toNativeSeparators(handover));
    accept();
}

void KeyBackupDialog::runRestore() {
    QStringList shares;
    for (int i = 0; i < m_shareFiles->count(); ++i)
        shares << QDir::fromNativeSeparators(m_shareFiles->item(i)->text());
    if (shares.isEmpty()) {
        m_message->setText(tr("Add the custodians' share files (one per share)."));
        m_message->show();
        return;
    }
    if (m_pass->text() != m_pass2->text()) {
        m_message->setText(tr("The two passphrases differ; type the same passphrase twice."));
        m_message->show();
        m_pass2->clear();
        return;
    }
    QString backupFile = QDir::fromNativeSeparators(m_backupFile->text().trimmed());
    if (backupFile.isEmpty())
        backupFile = QFileInfo(shares.first()).dir().filePath(m_caCode + QStringLiteral(".backup"));
    BusyCursor busy;
    auto restored = registry::CaEngine(m_reg).restoreKey(
        m_session, m_caCode, backupFile, shares, QDir::fromNativeSeparators(m_keyOut->text().trimmed()),
        pki::SecretSource::literal(m_pass->text()), m_activate->isChecked());
    m_pass->clear();
    m_pass2->clear();
    if (!restored) {
        fail(restored.message());
        return;
    }
    m_files = {restored->keyFile};
    QStringList used;
    for (int i : std::as_const(restored->sharesUsed))
        used << QString::number(i);
    m_resultText = tr("The key of the CA %1 (SHA-256 %2) is restored to %3 from the shares %4.")
                       .arg(m_caCode, restored->fingerprint, QDir::toNativeSeparators(restored->keyFile),
                            used.join(QStringLiteral(", ")));
    if (restored->activated)
        m_resultText += QLatin1Char(' ') + tr("The CA now signs with this file.");
    accept();
}

} // namespace tirkeu::gui
