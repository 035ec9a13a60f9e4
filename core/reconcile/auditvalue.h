#pragma once

#include <QString>
#include <QVariant>

namespace syncsmart {

// The form in which the auditor compares a field, so that values a person calls equal are equal:
// the engine's canonical text (numbers as "23.9" whatever the precision or type, the profile's
// language of a multilingual value, trimmed text) and, for text, HTML entities decoded (&eacute;,
// &#233;, &nbsp; …), runs of whitespace as one space and no whitespace between tags.
QString auditText(const QString &field, const QVariant &value, const QString &language);

// "&eacute;t&eacute; &amp; &#8364;" → "été & €". Unknown entities stay as written.
QString decodeHtmlEntities(const QString &text);

} // namespace syncsmart
