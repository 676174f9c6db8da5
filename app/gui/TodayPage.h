#pragma once
// The "Today" tab, first after sign-in: what is due for the operator's role (registry::Agenda), one
// line per kind with its count. A line opens the list behind it: the queue filtered to those
// applications, the Expiring tab, the CRL publishing dialog for the CA concerned, the event log.

#include "registry/Agenda.h"
#include "registry/Roles.h"

#include <QList>
#include <QWidget>

class QCommandLinkButton;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class MainWindow;

class TodayPage : public QWidget {
    Q_OBJECT
public:
    TodayPage(MainWindow& window, registry::Register& reg, const registry::Session& session, QWidget* parent = nullptr);

    // Reads the agenda again and rebuilds the lines.
    void refresh();
    const QList<registry::AgendaItem>& items() const { return m_items; }
    // The button of each line, in the order of items() (tests click them).
    QList<QCommandLinkButton*> lineButtons() const { return m_buttons; }
    // Opens the list behind a line.
    void open(const registry::AgendaItem& item);
    // The anchor folder the anchors line counts (remembered, QSettings "today/anchorsDir").
    static QString anchorsDir();
    static void setAnchorsDir(const QString& dir);

Q_SIGNALS:
    void statusMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void chooseAnchorsDir();

    MainWindow& m_window;
    registry::Register& m_reg;
    registry::Session m_session;
    QList<registry::AgendaItem> m_items;
    QList<QCommandLinkButton*> m_buttons;
    QLabel* m_title = nullptr;
    QLabel* m_empty = nullptr;
    QVBoxLayout* m_lines = nullptr;
    QPushButton* m_anchors = nullptr;
};

} // namespace tirkeu::gui
