#pragma once
// The editors of a list of forms::FieldDef in one form layout (a form's own fields, or one person's
// personal attachment of a government body's letter). Knows nothing of any particular form: a field
// added to a definition appears here with no change to the GUI.

#include "app/gui/FieldEditor.h"

#include <QJsonObject>
#include <QList>
#include <QWidget>

namespace tirkeu::gui {

class FieldSet : public QWidget {
    Q_OBJECT
public:
    FieldSet(const QList<forms::FieldDef>& fields, QWidget* parent = nullptr);

    const QList<FieldEditor*>& editors() const { return m_editors; }
    FieldEditor* editor(const QString& id) const; // nullptr when the set has no such field

    QJsonObject data() const; // the fields that are filled in
    void setData(const QJsonObject& data);
    void setLanguage(const QString& lang);
    QStringList errors() const; // live validation messages of the fields, in order

Q_SIGNALS:
    void edited(FieldEditor* editor);

private:
    QList<FieldEditor*> m_editors;
    bool m_loading = false;
};

} // namespace tirkeu::gui
