#pragma once
// An official form on screen, built from its forms::FormDef and nothing else: the form's fields (one
// FieldEditor per FieldDef), and for a government body's letter the persons table with each person's
// personal attachment. Labels follow the UI language (Label::in) and change with it at runtime.
// Typing a known IIN or BIN offers the person or organisation the register already holds
// (registry::Parties, read-only, with the operator's session).

#include "forms/FormDefinition.h"
#include "registry/Roles.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QGroupBox;

namespace tirkeu::registry {
class Register;
}

namespace tirkeu::gui {

class FieldEditor;
class FieldSet;
class PersonsEditor;

class FormPage : public QWidget {
    Q_OBJECT
public:
    FormPage(registry::Register& reg, const registry::Session& session, const forms::FormDef& form,
             QWidget* parent = nullptr);

    const forms::FormDef& form() const { return m_form; }
    FieldSet* fields() const { return m_fields; }
    PersonsEditor* persons() const { return m_persons; } // nullptr for forms without persons
    FieldEditor* editor(const QString& id) const;        // a field of the form itself

    // The form's data as forms::Submission::data holds it (with "persons" for letters).
    QJsonObject data() const;
    void setData(const QJsonObject& data);
    // Messages of the fields filled in wrongly so far (blank required fields are the checklist's business).
    QStringList fieldErrors() const;

Q_SIGNALS:
    void edited();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void offerKnownParty(FieldSet* set, FieldEditor* editor);

    registry::Register& m_reg;
    registry::Session m_session;
    forms::FormDef m_form;
    QLabel* m_title = nullptr;
    QLabel* m_source = nullptr;
    FieldSet* m_fields = nullptr;
    QGroupBox* m_personsBox = nullptr;
    PersonsEditor* m_persons = nullptr;
};

} // namespace tirkeu::gui
