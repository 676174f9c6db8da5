#include "app/gui/SettingsDialog.h"
#include "app/gui/RevokeDialog.h"

#include "app/gui/DialogParts.h"
#include "app/gui/Prompter.h"
#include "pki/Certificate.h"
#include "registry/CaDirectory.h"
#include "registry/CaEngine.h"
#include "registry/CalendarService.h"
#include "registry/Clock.h"
#include "registry/Language.h"
#include "registry/Operators.h"
#include "registry/Register.h"
#include "registry/Retention.h"
#include "registry/RulesBook.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tirkeu::gui {

namespace {
using registry::Permission;

constexpr forms::CaKind kKinds[] = {forms::CaKind::National, forms::CaKind::Government, forms::CaKind::Root};
constexpr registry::Role kRoles[] = {registry::Role::Operator, registry::Role::Officer, registry::Role::Auditor,
                                     registry::Role::Administrator};
constexpr Permission kAdminPermissions[] = {Permission::ManageCas,       Permission::ManageOperators,
                                            Permission::ManageRetention, Permission::ManageCalendar,
                                            Permission::ManageRegister,  Permission::BackupCaKey};

QTableWidget* makeTable(QWidget* parent, const char* name, int columns) {
    auto* t = new QTableWidget(parent);
    t->setObjectName(QString::fromLatin1(name));
    t->setColumnCount(columns);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

QLineEdit* lineEdit(QWidget* parent, const char* name) {
    auto* e = new QLineEdit(parent);
    e->setObjectName(QString::fromLatin1(name));
    return e;
}

QPushButton* button(QWidget* parent, const char* name) {
    auto* b = new QPushButton(parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

QString kindName(forms::CaKind kind) {
    switch (kind) {
    case forms::CaKind::National:
        return SettingsDialog::tr("national CA");
    case forms::CaKind::Government:
        return SettingsDialog::tr("government bodies CA");
    case forms::CaKind::Root:
        return SettingsDialog::tr("root CA");
    }
    return {};
}

QString whyNotText(const registry::Session& s, Permission p) {
    return SettingsDialog::tr("Your role (%1) may not %2.")
        .arg(registry::Roles::displayName(s.role), registry::Roles::permissionName(p));
}
} // namespace

bool SettingsDialog::mayOpen(const registry::Session& session) {
    for (Permission p : kAdminPermissions)
        if (registry::Roles::allows(session.role, p))
            return true;
    return false;
}

QString SettingsDialog::whyNot(const registry::Session& session) {
    return mayOpen(session) ? QString() : whyNotText(session, Permission::ManageCas);
}

SettingsDialog::SettingsDialog(registry::Register& reg, const registry::Session& session, Prompter& prompter,
                               QWidget* parent)
    : QDialog(parent)
    , m_reg(reg)
    , m_session(session)
    , m_prompter(prompter) {
    setObjectName(QStringLiteral("settingsDialog"));
    auto* layout = dialogLayout(this);
    m_tabs = new QTabWidget(this);
    layout->addWidget(m_tabs, 1);

    // ---- CAs ----
    m_caPage = new QWidget(m_tabs);
    auto* caBox = new QVBoxLayout(m_caPage);
    m_caTable = makeTable(m_caPage, "caTable", 4);
    caBox->addWidget(m_caTable, 1);
    m_caKeyStatus = noteLabel(m_caPage);
    m_caKeyStatus->setObjectName(QStringLiteral("caKeyStatus"));
    caBox->addWidget(m_caKeyStatus);
    auto* keyRow = new QHBoxLayout;
    m_setUpKey = button(m_caPage, "setUpKeyButton");
    m_importCert = button(m_caPage, "importCertButton");
    m_backupKey = button(m_caPage, "backupKeyButton");
    m_restoreKey = button(m_caPage, "restoreKeyButton");
    m_keyBackups = button(m_caPage, "keyBackupsButton");
    for (QPushButton* b : {m_setUpKey, m_importCert, m_backupKey, m_restoreKey, m_keyBackups})
        keyRow->addWidget(b);
    keyRow->addStretch(1);
    caBox->addLayout(keyRow);
    auto* caForm = formLayout();
    m_crlPeriod = new QSpinBox(m_caPage);
    m_crlPeriod->setObjectName(QStringLiteral("crlPeriod"));
    m_crlPeriod->setRange(1, 720);
    m_deltaPeriod = new QSpinBox(m_caPage);
    m_deltaPeriod->setObjectName(QStringLiteral("deltaPeriod"));
    m_deltaPeriod->setRange(1, 720);
    m_cdpUrl = lineEdit(m_caPage, "cdpUrl");
    m_freshestUrl = lineEdit(m_caPage, "freshestUrl");
    m_aiaUrl = lineEdit(m_caPage, "aiaUrl");
    m_ocspUrl = lineEdit(m_caPage, "ocspUrl");
    m_cpsUri = lineEdit(m_caPage, "cpsUri");
    m_publishDir = lineEdit(m_caPage, "publishDir");
    m_eventLogOid = lineEdit(m_caPage, "eventLogOid");
    QWidget* caFields[] = {m_crlPeriod, m_deltaPeriod, m_cdpUrl,     m_freshestUrl, m_aiaUrl,
                           m_ocspUrl,   m_cpsUri,      m_publishDir, m_eventLogOid};
    for (int i = 0; i < 9; ++i) {
        m_caFieldLabels[i] = new QLabel(m_caPage);
        m_caFieldLabels[i]->setBuddy(caFields[i]);
        caForm->addRow(m_caFieldLabels[i], caFields[i]);
    }
    m_crlPeriod->setMaximumWidth(140);
    m_deltaPeriod->setMaximumWidth(140);
    m_saveCa = button(m_caPage, "saveCaSettings");
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(m_saveCa);
    saveRow->addStretch(1);
    caForm->addRow(QString(), saveRow);
    caBox->addLayout(caForm);
    auto* newCa = new QHBoxLayout;
    m_newCaLabel = new QLabel(m_caPage);
    m_newCaCode = lineEdit(m_caPage, "newCaCode");
    m_newCaCode->setMaximumWidth(140);
    m_newCaName = lineEdit(m_caPage, "newCaName");
    m_newCaKind = new QComboBox(m_caPage);
    m_newCaKind->setObjectName(QStringLiteral("newCaKind"));
    for (forms::CaKind k : kKinds)
        m_newCaKind->addItem(QString(), forms::caKindId(k));
    m_addCa = button(m_caPage, "addCaButton");
    newCa->addWidget(m_newCaLabel);
    newCa->addWidget(m_newCaCode);
    newCa->addWidget(m_newCaName, 1);
    newCa->addWidget(m_newCaKind);
    newCa->addWidget(m_addCa);
    caBox->addLayout(newCa);
    m_tabs->addTab(m_caPage, QString());

    // ---- Operators ----
    m_operatorPage = new QWidget(m_tabs);
    auto* opBox = new QVBoxLayout(m_operatorPage);
    m_operatorTable = makeTable(m_operatorPage, "operatorTable", 5);
    opBox->addWidget(m_operatorTable, 1);
    auto* opActions = new QHBoxLayout;
    m_disableOperator = button(m_operatorPage, "disableOperatorButton");
    m_resetPassword = button(m_operatorPage, "resetPasswordButton");
    m_unlockOperator = button(m_operatorPage, "unlockOperatorButton");
    opActions->addWidget(m_disableOperator);
    opActions->addWidget(m_resetPassword);
    opActions->addWidget(m_unlockOperator);
    m_roleFor = new QComboBox(m_operatorPage);
    m_roleFor->setObjectName(QStringLiteral("roleFor"));
    for (registry::Role r : kRoles)
        m_roleFor->addItem(QString(), registry::Roles::id(r));
    m_changeRole = button(m_operatorPage, "changeRoleButton");
    opActions->addStretch(1);
    opActions->addWidget(m_roleFor);
    opActions->addWidget(m_changeRole);
    m_lockoutLabel = new QLabel(m_operatorPage);
    m_maxFailures = new QSpinBox(m_operatorPage);
    m_maxFailures->setObjectName(QStringLiteral("maxFailures"));
    m_maxFailures->setRange(3, 100);
    m_saveLockout = button(m_operatorPage, "saveLockoutButton");
    opBox->addLayout(opActions);
    auto* lockoutRow = new QHBoxLayout;
    lockoutRow->addWidget(m_lockoutLabel);
    lockoutRow->addWidget(m_maxFailures);
    lockoutRow->addWidget(m_saveLockout);
    lockoutRow->addStretch(1);
    opBox->addLayout(lockoutRow);
    auto* newOp = new QHBoxLayout;
    m_newOperatorLabel = new QLabel(m_operatorPage);
    m_newLogin = lineEdit(m_operatorPage, "newLogin");
    m_newFullName = lineEdit(m_operatorPage, "newFullName");
    m_newRole = new QComboBox(m_operatorPage);
    m_newRole->setObjectName(QStringLiteral("newRole"));
    for (registry::Role r : kRoles)
        m_newRole->addItem(QString(), registry::Roles::id(r));
    m_newPassword = lineEdit(m_operatorPage, "newPassword");
    m_newPassword->setEchoMode(QLineEdit::Password);
    m_addOperator = button(m_operatorPage, "addOperatorButton");
    newOp->addWidget(m_newOperatorLabel);
    newOp->addWidget(m_newLogin);
    newOp->addWidget(m_newFullName, 1);
    newOp->addWidget(m_newRole);
    newOp->addWidget(m_newPassword);
    newOp->addWidget(m_addOperator);
    opBox->addLayout(newOp);
    m_tabs->addTab(m_operatorPage, QString());

    // ---- Register (backup) ----
    m_registerPage = new QWidget(m_tabs);
    auto* regBox = new QVBoxLayout(m_registerPage);
    m_registerNote = noteLabel(m_registerPage);
    m_registerNote->setObjectName(QStringLiteral("registerNote"));
    regBox->addWidget(m_registerNote);
    auto* regActions = new QHBoxLayout;
    m_backupRegister = button(m_registerPage, "backupRegisterButton");
    regActions->addWidget(m_backupRegister);
    m_restoreRegister = button(m_registerPage, "restoreRegisterButton");
    regActions->addWidget(m_restoreRegister);
    regActions->addStretch(1);
    regBox->addLayout(regActions);
    regBox->addStretch(1);
    m_tabs->addTab(m_registerPage, QString());

    // ---- Retention ----
    m_retentionPage = new QWidget(m_tabs);
    auto* retBox = new QVBoxLayout(m_retentionPage);
    m_retentionNote = noteLabel(m_retentionPage);
    retBox->addWidget(m_retentionNote);
    m_retentionTable = makeTable(m_retentionPage, "retentionTable", 3);
    m_retentionTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_retentionTable->setRowCount(static_cast<int>(std::size(kKinds)));
    for (int row = 0; row < m_retentionTable->rowCount(); ++row) {
        const QString id = forms::caKindId(kKinds[row]);
        for (int column : {1, 2}) {
            auto* spin = new QSpinBox(m_retentionTable);
            spin->setRange(1, 100);
            spin->setObjectName((column == 1 ? QStringLiteral("recordYears_") : QStringLiteral("eventLogYears_")) + id);
            m_retentionTable->setCellWidget(row, column, spin);
        }
    }
    retBox->addWidget(m_retentionTable, 1);
    m_saveRetention = button(m_retentionPage, "saveRetention");
    auto* retActions = new QHBoxLayout;
    retActions->addStretch(1);
    retActions->addWidget(m_saveRetention);
    retBox->addLayout(retActions);
    m_tabs->addTab(m_retentionPage, QString());

    // ---- Calendar ----
    m_calendarPage = new QWidget(m_tabs);
    auto* calBox = new QVBoxLayout(m_calendarPage);
    auto* calForm = formLayout();
    m_dayLabel = new QLabel(m_calendarPage);
    m_day = new QDateEdit(m_calendarPage);
    m_day->setObjectName(QStringLiteral("overrideDay"));
    m_day->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));
    m_day->setCalendarPopup(true);
    m_day->setDate(m_reg.clock().today());
    m_dayLabel->setBuddy(m_day);
    m_working = new QCheckBox(m_calendarPage);
    m_working->setObjectName(QStringLiteral("overrideWorking"));
    m_noteLabel = new QLabel(m_calendarPage);
    m_note = lineEdit(m_calendarPage, "overrideNote");
    m_noteLabel->setBuddy(m_note);
    calForm->addRow(m_dayLabel, m_day);
    calForm->addRow(QString(), m_working);
    calForm->addRow(m_noteLabel, m_note);
    calBox->addLayout(calForm);
    auto* calActions = new QHBoxLayout;
    m_setOverride = button(m_calendarPage, "setOverrideButton");
    m_clearOverride = button(m_calendarPage, "clearOverrideButton");
    calActions->addWidget(m_setOverride);
    calActions->addWidget(m_clearOverride);
    calActions->addStretch(1);
    calBox->addLayout(calActions);
    m_overrideTable = makeTable(m_calendarPage, "overrideTable", 3);
    calBox->addWidget(m_overrideTable, 1);
    m_tabs->addTab(m_calendarPage, QString());

    // ---- Legal rules in force (read-only) ----
    m_rulesPage = new QWidget(m_tabs);
    auto* rulesBox = new QVBoxLayout(m_rulesPage);
    m_rulesVersion = noteLabel(m_rulesPage);
    m_rulesVersion->setObjectName(QStringLiteral("rulesVersion"));
    rulesBox->addWidget(m_rulesVersion);
    m_rulesTable = makeTable(m_rulesPage, "rulesTable", 3);
    rulesBox->addWidget(m_rulesTable, 1);
    m_tabs->addTab(m_rulesPage, QString());

    m_feedback = noteLabel(this);
    m_feedback->setObjectName(QStringLiteral("settingsFeedback"));
    layout->addWidget(m_feedback);
    m_message = messageLabel(this);
    layout->addWidget(m_message);
    m_close = button(this, "settingsCloseButton");
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_close);
    layout->addLayout(bottom);

    connect(m_caTable, &QTableWidget::itemSelectionChanged, this, &SettingsDialog::loadCaSettings);
    connect(m_operatorTable, &QTableWidget::itemSelectionChanged, this, [this] {
        // The role choice starts at the selected operator's role.
        const QList<QTableWidgetItem*> items = m_operatorTable->selectedItems();
        if (!items.isEmpty())
            m_roleFor->setCurrentIndex(
                m_roleFor->findData(m_operatorTable->item(items.first()->row(), 2)->data(Qt::UserRole)));
        updateActions();
    });
    connect(m_saveCa, &QPushButton::clicked, this, &SettingsDialog::saveCaSettings);
    connect(m_addCa, &QPushButton::clicked, this, &SettingsDialog::addCa);
    connect(m_addOperator, &QPushButton::clicked, this, &SettingsDialog::addOperator);
    connect(m_disableOperator, &QPushButton::clicked, this, &SettingsDialog::disableOperator);
    connect(m_unlockOperator, &QPushButton::clicked, this, &SettingsDialog::unlockOperator);
    connect(m_saveLockout, &QPushButton::clicked, this, &SettingsDialog::saveLockout);
    connect(m_resetPassword, &QPushButton::clicked, this, &SettingsDialog::resetPassword);
    connect(m_saveRetention, &QPushButton::clicked, this, &SettingsDialog::saveRetention);
    connect(m_setOverride, &QPushButton::clicked, this, &SettingsDialog::setOverride);
    connect(m_clearOverride, &QPushButton::clicked, this, &SettingsDialog::clearOverride);
    connect(m_setUpKey, &QPushButton::clicked, this, &SettingsDialog::setUpCaKey);
    connect(m_importCert, &QPushButton::clicked, this, &SettingsDialog::importCaCertificate);
    connect(m_backupKey, &QPushButton::clicked, this, &SettingsDialog::backUpCaKey);
    connect(m_restoreKey, &QPushButton::clicked, this, &SettingsDialog::restoreCaKey);
    connect(m_keyBackups, &QPushButton::clicked, this, &SettingsDialog::showKeyBackups);
    connect(m_changeRole, &QPushButton::clicked, this, &SettingsDialog::changeRole);
    connect(m_backupRegister, &QPushButton::clicked, this, &SettingsDialog::backUpRegister);
    connect(m_restoreRegister, &QPushButton::clicked, this, &SettingsDialog::restoreRegister);
    connect(m_day, &QDateEdit::dateChanged, this, &SettingsDialog::loadOverrides);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);

    reload();
    retranslateUi();
    resize(940, 700);
}

void SettingsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi() {
    setWindowTitle(tr("Settings"));
    m_tabs->setTabText(m_tabs->indexOf(m_caPage), tr("CAs"));
    m_tabs->setTabText(m_tabs->indexOf(m_operatorPage), tr("Operators"));
    m_tabs->setTabText(m_tabs->indexOf(m_registerPage), tr("Register"));
    m_registerNote->setText(
        tr("A backup is a consistent copy of the whole register (SQLite online backup, or pg_dump for PostgreSQL), "
           "written to a new file that only you can read; it is recorded in the event log. Keep backups off this "
           "computer. A backup is restored into a new register file, checked row by row with its event log; open "
           "that file from the sign-in window (Other register…) to work in it."));
    m_backupRegister->setText(tr("&Back up the register…"));
    m_restoreRegister->setText(tr("&Restore a backup to a new register file…"));
    m_setUpKey->setText(tr("Set up &key…"));
    m_setUpKey->setToolTip(tr("Make the CA's key: a self-signed root certificate, or a request to the parent CA"));
    m_importCert->setText(tr("&Import certificate…"));
    m_importCert->setToolTip(tr("Store the certificate the parent CA issued for the key waiting for it"));
    m_backupKey->setText(tr("Back up key…"));
    m_backupKey->setToolTip(tr("Encrypted copy of the CA key with one share per custodian"));
    m_restoreKey->setText(tr("Restore key…"));
    m_restoreKey->setToolTip(tr("A new key file from the backup and enough custodians' shares"));
    m_keyBackups->setText(tr("Key backups…"));
    m_keyBackups->setToolTip(tr("The CA key's backups as recorded; print a hand-over record again"));
    for (int i = 0; i < m_roleFor->count(); ++i)
        m_roleFor->setItemText(i, registry::Roles::displayName(kRoles[i]));
    m_changeRole->setText(tr("Change &role"));
    m_tabs->setTabText(m_tabs->indexOf(m_retentionPage), tr("Retention"));
    m_tabs->setTabText(m_tabs->indexOf(m_calendarPage), tr("Calendar"));
    m_tabs->setTabText(m_tabs->indexOf(m_rulesPage), tr("Legal rules"));
    m_rulesTable->setHorizontalHeaderLabels({tr("Rule"), tr("Value"), tr("Legal clause")});
    loadRules();
    m_caTable->setHorizontalHeaderLabels({tr("Code"), tr("Kind"), tr("Name"), tr("Key and certificate")});
    const QString caLabels[] = {
        tr("Full CRL period, hours:"),       tr("Delta CRL period, hours:"),  tr("CRL distribution point URL:"),
        tr("Delta CRL (freshest) URL:"),     tr("CA certificate (AIA) URL:"), tr("OCSP responder URL:"),
        tr("Certificate policy (CPS) URL:"), tr("Publish folder:"),           tr("Event-log OID of the CRLs:")};
    for (int i = 0; i < 9; ++i)
        m_caFieldLabels[i]->setText(caLabels[i]);
    m_publishDir->setPlaceholderText(tr("absolute path; a CRL is published there at once on key compromise"));
    m_eventLogOid->setPlaceholderText(tr("an OID of the CA's own arc; each CRL then attests the event log"));
    m_saveCa->setText(tr("&Save CA settings"));
    m_newCaLabel->setText(tr("New CA:"));
    m_newCaCode->setPlaceholderText(tr("code, e.g. NCA-GOST"));
    m_newCaName->setPlaceholderText(tr("full name"));
    for (int i = 0; i < m_newCaKind->count(); ++i)
        m_newCaKind->setItemText(i, kindName(kKinds[i]));
    m_addCa->setText(tr("&Add CA"));

    m_operatorTable->setHorizontalHeaderLabels(
        {tr("Login"), tr("Full name"), tr("Role"), tr("Active"), tr("Failed sign-ins")});
    m_newOperatorLabel->setText(tr("New operator:"));
    m_newLogin->setPlaceholderText(tr("login"));
    m_newFullName->setPlaceholderText(tr("full name"));
    m_newPassword->setPlaceholderText(tr("password"));
    for (int i = 0; i < m_newRole->count(); ++i)
        m_newRole->setItemText(i, registry::Roles::displayName(kRoles[i]));
    m_addOperator->setText(tr("Add &operator"));
    m_disableOperator->setText(tr("&Disable"));
    m_unlockOperator->setText(tr("&Unlock"));
    m_unlockOperator->setToolTip(tr("Clear the failed sign-ins and the lock of the selected login"));
    m_lockoutLabel->setText(tr("Lock a login after failed sign-ins:"));
    m_saveLockout->setText(tr("Save"));
    m_resetPassword->setText(tr("Reset &password…"));

    m_retentionNote->setText(tr("How long records are kept after a certificate ends (revocation or expiry), and the "
                                "event log after the related certificate's expiry, per kind of CA."));
    m_retentionTable->setHorizontalHeaderLabels({tr("Kind of CA"), tr("Records, years"), tr("Event log, years")});
    for (int row = 0; row < m_retentionTable->rowCount(); ++row) {
        auto* item = new QTableWidgetItem(kindName(kKinds[row]));
        m_retentionTable->setItem(row, 0, item);
    }
    m_saveRetention->setText(tr("Save &retention periods"));

    m_dayLabel->setText(tr("D&ay:"));
    m_working->setText(tr("&Working day (unchecked: a day off)"));
    m_noteLabel->setText(tr("&Note:"));
    m_note->setPlaceholderText(tr("e.g. decree of 20.12.2025: Jan 3 off, worked on Jan 5"));
    m_setOverride->setText(tr("&Set for this day"));
    m_clearOverride->setText(tr("&Clear (built-in rules apply)"));
    m_overrideTable->setHorizontalHeaderLabels({tr("Day"), tr("Working"), tr("Note")});
    loadOverrides();
    m_close->setText(tr("&Close"));
    for (QTableWidget* t : {m_caTable, m_operatorTable, m_retentionTable})
        t->resizeColumnsToContents();
    updateActions();
}

QString SettingsDialog::keyStatus(const registry::CaRecord& ca) {
    auto state = m_reg.cas().certificateState(ca);
    if (!state)
        return state.message();
    const QString text = registry::CaDirectory::describe(*state, RevokeDialog::reasonText(state->reason));
    if (ca.keyUri.isEmpty())
        return text;
    const QString where = ca.keyUri.startsWith(u"pkcs11:") ? tr("key on a PKCS#11 token") : tr("key in a file");
    return tr("%1, %2").arg(where, text);
}

QString SettingsDialog::selectedCa() const {
    const QList<QTableWidgetItem*> items = m_caTable->selectedItems();
    return items.isEmpty() ? QString() : m_caTable->item(items.first()->row(), 0)->text();
}

QString SettingsDialog::selectedLogin() const {
    const QList<QTableWidgetItem*> items = m_operatorTable->selectedItems();
    return items.isEmpty() ? QString() : m_operatorTable->item(items.first()->row(), 0)->text();
}

void SettingsDialog::selectCa(const QString& code) {
    for (int row = 0; row < m_caTable->rowCount(); ++row)
        if (m_caTable->item(row, 0)->text() == code)
            m_caTable->selectRow(row);
}

void SettingsDialog::reload() {
    const QString ca = selectedCa();
    const QString login = selectedLogin();
    auto cas = m_reg.cas().list(m_session);
    m_caTable->setRowCount(0);
    if (cas) {
        m_caTable->setRowCount(static_cast<int>(cas->size()));
        for (int i = 0; i < cas->size(); ++i) {
            const registry::CaRecord& r = cas->at(i);
            m_caTable->setItem(i, 0, new QTableWidgetItem(r.code));
            m_caTable->setItem(i, 1, new QTableWidgetItem(kindName(r.kind)));
            m_caTable->setItem(i, 2, new QTableWidgetItem(r.name));
            m_caTable->setItem(i, 3, new QTableWidgetItem(keyStatus(r)));
        }
    }
    if (!ca.isEmpty())
        selectCa(ca);
    else if (m_caTable->rowCount() > 0)
        m_caTable->selectRow(0);

    auto operators = m_reg.operators().list(m_session);
    m_operatorTable->setRowCount(0);
    if (operators) {
        m_operatorTable->setRowCount(static_cast<int>(operators->size()));
        for (int i = 0; i < operators->size(); ++i) {
            const registry::OperatorRecord& r = operators->at(i);
            m_operatorTable->setItem(i, 0, new QTableWidgetItem(r.login));
            m_operatorTable->setItem(i, 1, new QTableWidgetItem(r.fullName));
            auto* roleItem = new QTableWidgetItem(registry::Roles::displayName(r.role));
            roleItem->setData(Qt::UserRole, registry::Roles::id(r.role));
            m_operatorTable->setItem(i, 2, roleItem);
            m_operatorTable->setItem(i, 3, new QTableWidgetItem(r.active ? tr("yes") : tr("no (disabled)")));
            m_operatorTable->setItem(i, 4,
                                     new QTableWidgetItem(r.locked ? tr("%1 (locked)").arg(r.failedSignIns)
                                                                   : QString::number(r.failedSignIns)));
            if (r.login == login)
                m_operatorTable->selectRow(i);
        }
    }

    if (auto max = m_reg.operators().maxFailures())
        m_maxFailures->setValue(*max);

    auto policies = m_reg.retention().policies(m_session);
    if (policies)
        for (const registry::RetentionPolicy& p : *policies) {
            const QString id = forms::caKindId(p.kind);
            if (auto* s = m_retentionTable->findChild<QSpinBox*>(QStringLiteral("recordYears_") + id))
                s->setValue(p.recordYears);
            if (auto* s = m_retentionTable->findChild<QSpinBox*>(QStringLiteral("eventLogYears_") + id))
                s->setValue(p.eventLogYears);
        }
    loadCaSettings();
    loadOverrides();
    loadRules();
    for (QTableWidget* t : {m_caTable, m_operatorTable, m_retentionTable})
        t->resizeColumnsToContents();
    updateActions();
}

void SettingsDialog::loadRules() {
    m_rulesTable->setRowCount(0);
    auto file = m_reg.rules().fileInForce();
    auto edition = m_reg.rules().at();
    auto newest = m_reg.rules().active();
    if (!file || !edition || !newest) {
        m_rulesVersion->setText(!file ? file.message() : !edition ? edition.message() : newest.message());
        return;
    }
    QString text = tr("Rules file %1 (%2), edition %3 in force from %4. An administrator loads a new file with "
                      "the command rules load FILE.")
                       .arg(file->version, file->builtIn ? tr("built in") : tr("loaded by %1").arg(file->loadedBy),
                            edition->tag(), registry::displayDate(edition->effectiveFrom));
    if (newest->version != file->version) // loaded ahead of its date
        text += u' ' + tr("The rules file %1, loaded by %2, takes effect on %3; until then the file above applies.")
                           .arg(newest->version, newest->loadedBy,
                                registry::displayDate(newest->editions.constFirst().effectiveFrom));
    m_rulesVersion->setText(text);
    const auto add = [this](const QString& rule, const QString& value, const QString& clause) {
        const int row = m_rulesTable->rowCount();
        m_rulesTable->insertRow(row);
        m_rulesTable->setItem(row, 0, new QTableWidgetItem(rule));
        m_rulesTable->setItem(row, 1, new QTableWidgetItem(value));
        m_rulesTable->setItem(row, 2, new QTableWidgetItem(clause));
    };
    for (auto it = edition->deadlines.cbegin(); it != edition->deadlines.cend(); ++it)
        add(tr("Deadline: %1").arg(it.key()),
            it->workingDays ? tr("%n working day(s)", nullptr, it->days) : tr("%n calendar day(s)", nullptr, it->days),
            it->clause);
    for (auto it = edition->retention.cbegin(); it != edition->retention.cend(); ++it)
        add(tr("Retention: records of the %1").arg(kindName(it.key())),
            tr("at least %n year(s) after termination", nullptr, it->recordYears), it->clause);
    add(tr("Retention: event log"), tr("at least %n year(s) after expiry", nullptr, edition->eventLogYears),
        edition->eventLogClause);
    for (auto it = edition->validity.cbegin(); it != edition->validity.cend(); ++it)
        add(tr("Validity: %1").arg(it.key()),
            tr("key in a file: %1 y; key on a token: %2 y").arg(it->fileYears).arg(it->tokenYears), it->clause);
    for (auto it = edition->attachments.cbegin(); it != edition->attachments.cend(); ++it)
        add(tr("Required attachments: %1").arg(it.key()), it->required.join(QStringLiteral(", ")), it->clause);
    const QString lang = registry::Language::current();
    for (auto it = edition->refusalReasons.cbegin(); it != edition->refusalReasons.cend(); ++it)
        for (const registry::RefusalReason& r : *it)
            add(tr("Refusal reason (%1): %2").arg(kindName(it.key()), r.code), r.label(lang), r.clause);
    add(tr("CA key backup"),
        tr("at least %1 of %2 shares").arg(edition->keyBackup.threshold).arg(edition->keyBackup.shares),
        edition->keyBackup.clause);
    m_rulesTable->resizeColumnsToContents();
}

void SettingsDialog::loadCaSettings() {
    auto ca = m_reg.cas().find(selectedCa());
    const QJsonObject s = ca ? ca->settings : registry::CaDirectory::defaultSettings();
    const QJsonObject d = registry::CaDirectory::defaultSettings();
    const auto get = [&](const char* key) {
        return s.contains(QLatin1String(key)) ? s.value(QLatin1String(key)) : d.value(QLatin1String(key));
    };
    m_crlPeriod->setValue(get("crl_period_hours").toInt());
    m_deltaPeriod->setValue(get("delta_period_hours").toInt());
    m_cdpUrl->setText(get("cdp_url").toString());
    m_freshestUrl->setText(get("freshest_url").toString());
    m_aiaUrl->setText(get("aia_url").toString());
    m_ocspUrl->setText(get("ocsp_url").toString());
    m_cpsUri->setText(get("cps_uri").toString());
    m_publishDir->setText(get("publish_dir").toString());
    m_eventLogOid->setText(get("crl_event_log_oid").toString());
    updateActions();
}

void SettingsDialog::loadOverrides() {
    auto list = m_reg.calendar().overrides(m_day->date().year());
    m_overrideTable->setRowCount(0);
    if (!list)
        return;
    m_overrideTable->setRowCount(static_cast<int>(list->size()));
    for (int i = 0; i < list->size(); ++i) {
        const registry::CalendarOverride& o = list->at(i);
        m_overrideTable->setItem(i, 0, new QTableWidgetItem(registry::displayDate(o.day)));
        m_overrideTable->setItem(i, 1, new QTableWidgetItem(o.working ? tr("working day") : tr("day off")));
        m_overrideTable->setItem(i, 2, new QTableWidgetItem(o.note));
    }
    m_overrideTable->resizeColumnsToContents();
}

void SettingsDialog::updateActions() {
    const auto gate = [this](Permission p, std::initializer_list<QWidget*> widgets, const QString& tip) {
        const bool allowed = registry::Roles::allows(m_session.role, p);
        for (QWidget* w : widgets) {
            w->setEnabled(allowed);
            w->setToolTip(allowed ? tip : whyNotText(m_session, p));
        }
    };
    gate(Permission::ManageCas,
         {m_crlPeriod, m_deltaPeriod, m_cdpUrl, m_freshestUrl, m_aiaUrl, m_ocspUrl, m_cpsUri, m_publishDir,
          m_eventLogOid, m_saveCa, m_newCaCode, m_newCaName, m_newCaKind, m_addCa},
         QString());
    if (selectedCa().isEmpty())
        m_saveCa->setEnabled(false);
    {
        auto ca = selectedCa().isEmpty() ? Result<registry::CaRecord>(makeError(ErrorCode::NotFound, QString()))
                                         : m_reg.cas().find(selectedCa());
        const bool hasKey = ca && !ca->keyUri.isEmpty();
        const bool hasCert = ca && !ca->certificateDer.isEmpty();
        const bool fileKey = hasKey && ca->keyUri.startsWith(u"file:");
        const bool live = ca && !ca->terminatedAt.isValid();
        m_caKeyStatus->setText(ca ? tr("Key of the CA %1: %2").arg(ca->code, keyStatus(*ca))
                                  : tr("No CA yet: add one below, then set up its key."));
        gate(Permission::ManageCas, {m_setUpKey, m_importCert}, QString());
        gate(Permission::BackupCaKey, {m_backupKey, m_restoreKey, m_keyBackups}, QString());
        if (!live || hasKey)
            m_setUpKey->setEnabled(false);
        if (!live || !hasKey || hasCert)
            m_importCert->setEnabled(false);
        if (!live || !hasCert || !fileKey)
            m_backupKey->setEnabled(false);
        if (!live || !hasCert)
            m_restoreKey->setEnabled(false);
        if (!ca)
            m_keyBackups->setEnabled(false);
    }
    gate(Permission::ManageRegister, {m_backupRegister, m_restoreRegister}, QString());
    gate(Permission::ManageOperators,
         {m_newLogin, m_newFullName, m_newRole, m_newPassword, m_addOperator, m_disableOperator, m_resetPassword,
          m_unlockOperator, m_maxFailures, m_saveLockout, m_roleFor, m_changeRole},
         QString());
    if (selectedLogin().isEmpty()) {
        m_disableOperator->setEnabled(false);
        m_resetPassword->setEnabled(false);
        m_unlockOperator->setEnabled(false);
        m_changeRole->setEnabled(false);
        m_roleFor->setEnabled(false);
    }
    gate(Permission::ManageRetention, {m_retentionTable, m_saveRetention}, QString());
    gate(Permission::ManageCalendar, {m_day, m_working, m_note, m_setOverride, m_clearOverride}, QString());
}

void SettingsDialog::saveRetention() {
    // Read every row first: each saved policy reloads the table from the register.
    struct Row {
        forms::CaKind kind;
        int records;
        int events;
    };
    QList<Row> rows;
    for (forms::CaKind kind : kKinds) {
        const QString id = forms::caKindId(kind);
        rows.append({kind, m_retentionTable->findChild<QSpinBox*>(QStringLiteral("recordYears_") + id)->value(),
                     m_retentionTable->findChild<QSpinBox*>(QStringLiteral("eventLogYears_") + id)->value()});
    }
    auto current = m_reg.retention().policies(m_session);
    for (const Row& row : rows) {
        bool same = false;
        if (current)
            for (const registry::RetentionPolicy& p : *current)
                same = same || (p.kind == row.kind && p.recordYears == row.records && p.eventLogYears == row.events);
        if (same)
            continue;
        if (!done(m_reg.retention().setPolicy(m_session, row.kind, row.records, row.events), tr("Retention periods"),
                  tr("The retention periods are saved.")))
            return;
    }
    m_feedback->setText(tr("The retention periods are saved."));
}

} // namespace tirkeu::gui
