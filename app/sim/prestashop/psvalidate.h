#pragma once

// ObjectModel::validateFieldsLang() / validateFields() as the webservice runs them before saving:
// PrestaShop's Validate::is*() rules by field format, and the column sizes.

#include "psdefs.h"
#include "pstable.h"

#include <optional>

namespace syncsmart::sim::ps {

struct ValidationError
{
    int code = 85;   // 84 for a multilingual field
    QString message; // already wrapped: Validation error: "Property Product-&gt;price is not valid"
};

// `i18n`: a multilingual field was part of the write (PHP then validates the language fields first).
std::optional<ValidationError> validateObject(const ResourceDef &def, const PsObject &object, bool i18n);

bool validFormat(const QString &format, const QString &value);

// Tools::str2url(): what PrestaShop derives a link_rewrite from.
QString str2url(const QString &text);

} // namespace syncsmart::sim::ps
