#pragma once

#include "connectors/http/peerendpoint.h"

#include "common/result.h"

#include <QList>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QUrl>

// Internal to the HTTP layer: texts for failures that happen below HTTP (no answer, a timeout, TLS).
namespace syncsmart::httpfailure {

enum class Timeout { Connect, Idle, Total };

// `what` is HttpClient::describe() of the request ("PrestaShop: update product SKU-1").
Error timeout(const QString &what, const QUrl &url, Timeout which, int timeoutMs);

// A reply that finished without an HTTP answer (or with a broken one). sslErrors: those the handshake
// reported (empty when there was none); trusted: the certificate(s) named by TlsSettings.
Error transport(const QString &what, const QUrl &url, QNetworkReply::NetworkError code, const QString &qtText,
                const QList<QSslError> &sslErrors, const TlsSettings &tls);

// Whether a reply error means the exchange itself broke (then even a received status is not an answer).
bool isTransportError(QNetworkReply::NetworkError code);

// The errors of a handshake that TlsSettings allows to ignore: all (Insecure), exactly those about the
// trusted certificate (TrustCertificate), none (Verify).
QList<QSslError> ignorable(const QList<QSslError> &errors, const TlsSettings &tls,
                           const QList<QSslCertificate> &trusted);

// Reads the PEM named by TlsSettings::certificatePath; a config error (text without the peer) when it cannot.
Result<QList<QSslCertificate>> loadTrusted(const TlsSettings &tls);

} // namespace syncsmart::httpfailure
