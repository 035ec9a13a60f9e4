#include "connectors/http/httpfailure.h"

#include <QCryptographicHash>
#include <QFile>
#include <QObject>

namespace syncsmart::httpfailure {

namespace {

QString hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    return QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QObject::tr("%1 s").arg(ms / 1000) : QObject::tr("%1 ms").arg(ms);
}

QString day(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
}

QString fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

struct TlsText
{
    QString reasons;
    QString advice;
};

TlsText explainTls(const QUrl &url, const QList<QSslError> &errors, const TlsSettings &tls)
{
    QStringList reasons;
    QStringList advice;
    const auto add = [](QStringList &list, const QString &text) {
        if (!text.isEmpty() && !list.contains(text))
            list << text;
    };
    if (tls.mode == TlsSettings::Mode::TrustCertificate) {
        QSslCertificate presented;
        for (const QSslError &error : errors)
            if (!error.certificate().isNull()) {
                presented = error.certificate();
                break;
            }
        add(reasons, QObject::tr("the server's certificate%1 is not the one in tls_certificate (%2)")
                         .arg(presented.isNull() ? QString()
                                                 : QObject::tr(" (SHA-256 %1)").arg(fingerprint(presented)),
                              tls.certificatePath));
        add(advice,
            QObject::tr("if the server's certificate was changed on purpose, put the new one in the file "
                        "named by tls_certificate; otherwise someone may be intercepting the connection"));
    }
    for (const QSslError &error : errors) {
        const QSslCertificate cert = error.certificate();
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
            if (tls.mode == TlsSettings::Mode::TrustCertificate)
                break; // the reason is that it is not the trusted one, said above
            add(reasons, QObject::tr("the certificate is self-signed (no authority vouches for it)"));
            add(advice,
                QObject::tr("if this is your own server, set tls_certificate to its PEM file in the "
                            "profile, or install a certificate from a public authority on the server"));
            break;
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::InvalidCaCertificate:
            add(reasons,
                QObject::tr("the certificate is issued by an authority this computer does not trust"));
            add(advice, QObject::tr("install the authority's certificate in the system's trust store, or set "
                                    "tls_certificate to the server's certificate in the profile"));
            break;
        case QSslError::CertificateExpired:
            add(reasons, QObject::tr("the certificate expired on %1").arg(day(cert.expiryDate())));
            add(advice, QObject::tr("renew the certificate on the server"));
            break;
        case QSslError::CertificateNotYetValid:
            add(reasons,
                QObject::tr("the certificate is not valid before %1").arg(day(cert.effectiveDate())));
            add(advice, QObject::tr("check this computer's clock"));
            break;
        case QSslError::HostNameMismatch: {
            QStringList names = cert.subjectInfo(QSslCertificate::CommonName);
            for (const QString &name : cert.subjectAlternativeNames().values())
                if (!names.contains(name))
                    names << name;
            add(reasons,
                QObject::tr("the certificate is for %1, not for %2")
                    .arg(names.isEmpty() ? QObject::tr("another host") : names.join(QLatin1String(", ")),
                         url.host()));
            add(advice, QObject::tr("use the host name the certificate was issued for in the URL"));
            break;
        }
        case QSslError::CertificateRevoked:
            add(reasons, QObject::tr("the certificate was revoked"));
            add(advice, QObject::tr("install a new certificate on the server"));
            break;
        default:
            add(reasons, error.errorString());
            break;
        }
    }
    if (reasons.isEmpty()) {
        reasons << QObject::tr("the TLS handshake failed");
        advice << QObject::tr(
            "check that the server speaks HTTPS on this port and supports TLS 1.2 or newer");
    }
    return {reasons.join(QLatin1String("; ")), advice.join(QLatin1String("; "))};
}

} // namespace

Error timeout(const QString &what, const QUrl &url, Timeout which, int timeoutMs)
{
    QString text;
    QString name;
    switch (which) {
    case Timeout::Connect:
        name = QStringLiteral("connect");
        text = QObject::tr("%1: no connection to %2 within %3 (connect timeout); the server may be down or "
                           "overloaded, or a firewall drops the packets; will retry")
                   .arg(what, hostPort(url), seconds(timeoutMs));
        break;
    case Timeout::Idle:
        name = QStringLiteral("idle");
        text =
            QObject::tr("%1: %2 sent nothing for %3 (idle timeout); the server may be overloaded; will retry")
                .arg(what, hostPort(url), seconds(timeoutMs));
        break;
    case Timeout::Total:
        name = QStringLiteral("total");
        text = QObject::tr("%1: no complete answer from %2 within %3 (total timeout); will retry")
                   .arg(what, hostPort(url), seconds(timeoutMs));
        break;
    }
    return Error::transient(QStringLiteral("http.timeout"), text,
                            {{QStringLiteral("timeout"), name}, {QStringLiteral("timeoutMs"), timeoutMs}});
}

bool isTransportError(QNetworkReply::NetworkError code)
{
    if (code == QNetworkReply::NoError)
        return false;
    const int value = static_cast<int>(code);
    const bool contentError = value >= 201 && value <= 299 && code != QNetworkReply::ContentReSendError;
    // Qt reports an HTTP 400 answer as ProtocolInvalidOperationError: it is the peer's answer (PrestaShop
    // puts its validation errors there), not a transport failure.
    const bool serverError = (value >= 401 && value <= 499) || code == QNetworkReply::ProtocolInvalidOperationError;
    return !contentError && !serverError;
}

Error transport(const QString &what, const QUrl &url, QNetworkReply::NetworkError code, const QString &qtText,
                const QList<QSslError> &sslErrors, const TlsSettings &tls)
{
    const QString where = hostPort(url);
    const auto transient = [&](const QString &code, const QString &happened) {
        return Error::transient(code, QObject::tr("%1: %2; will retry").arg(what, happened),
                                {{QStringLiteral("networkError"), qtText}});
    };
    const auto config = [&](const QString &code, const QString &happened, const QString &todo) {
        return Error::config(code, QObject::tr("%1: %2; %3").arg(what, happened, todo),
                             {{QStringLiteral("networkError"), qtText}});
    };
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        return transient(
            QStringLiteral("http.refused"),
            QObject::tr("the connection to %1 was refused (the server is down or restarting)").arg(where));
    case QNetworkReply::RemoteHostClosedError:
        return transient(QStringLiteral("http.remote_closed"),
                         QObject::tr("%1 closed the connection before the answer was complete").arg(where));
    case QNetworkReply::TimeoutError:
        return transient(QStringLiteral("http.timeout"),
                         QObject::tr("the connection to %1 timed out (%2)").arg(where, qtText));
    case QNetworkReply::HostNotFoundError:
        return config(QStringLiteral("http.host_not_found"),
                      QObject::tr("the host name \"%1\" cannot be found").arg(url.host()),
                      QObject::tr("check the URL in the profile"));
    case QNetworkReply::ProtocolUnknownError:
        return config(
            QStringLiteral("http.bad_url"),
            QObject::tr("the URL scheme \"%1\" is not supported (use http:// or https://)").arg(url.scheme()),
            QObject::tr("check the URL in the profile"));
    case QNetworkReply::ProtocolInvalidOperationError:
        return config(QStringLiteral("http.bad_url"), QObject::tr("the URL cannot be used (%1)").arg(qtText),
                      QObject::tr("check the URL in the profile"));
    case QNetworkReply::SslHandshakeFailedError: {
        const TlsText tlsText = explainTls(url, sslErrors, tls);
        return config(QStringLiteral("http.tls"),
                      QObject::tr("the TLS connection to %1 was refused: %2").arg(where, tlsText.reasons),
                      tlsText.advice);
    }
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        return config(QStringLiteral("http.redirect"), QObject::tr("the server redirects (%1)").arg(qtText),
                      QObject::tr("check the URL in the profile"));
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return config(QStringLiteral("http.proxy"), QObject::tr("the proxy cannot be used (%1)").arg(qtText),
                      QObject::tr("check this computer's proxy settings"));
    case QNetworkReply::ProtocolFailure:
        return transient(QStringLiteral("http.protocol"),
                         QObject::tr("the answer from %1 was broken (%2)").arg(where, qtText));
    default:
        break;
    }
    if (!url.isValid() || url.host().isEmpty())
        return config(QStringLiteral("http.bad_url"),
                      QObject::tr("the URL \"%1\" is not valid").arg(url.toString()),
                      QObject::tr("check the URL in the profile"));
    return transient(QStringLiteral("http.network"),
                     QObject::tr("the exchange with %1 failed (%2)").arg(where, qtText));
}

QList<QSslError> ignorable(const QList<QSslError> &errors, const TlsSettings &tls,
                           const QList<QSslCertificate> &trusted)
{
    switch (tls.mode) {
    case TlsSettings::Mode::Verify:
        return {};
    case TlsSettings::Mode::Insecure:
        return errors;
    case TlsSettings::Mode::TrustCertificate:
        break;
    }
    QList<QSslError> out;
    for (const QSslError &error : errors)
        if (!error.certificate().isNull() && trusted.contains(error.certificate()))
            out << error;
    return out;
}

Result<QList<QSslCertificate>> loadTrusted(const TlsSettings &tls)
{
    QFile file(tls.certificatePath);
    if (tls.certificatePath.isEmpty() || !file.open(QIODevice::ReadOnly))
        return Error::config(
            QStringLiteral("http.tls_certificate"),
            QObject::tr("the certificate file named by tls_certificate (\"%1\") cannot be read%2; "
                        "set tls_certificate to the server's certificate (PEM) in the profile")
                .arg(tls.certificatePath, tls.certificatePath.isEmpty()
                                              ? QString()
                                              : QStringLiteral(" (%1)").arg(file.errorString())));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return Error::config(
            QStringLiteral("http.tls_certificate"),
            QObject::tr("the file named by tls_certificate (\"%1\") holds no PEM certificate; "
                        "set tls_certificate to the server's certificate (PEM) in the profile")
                .arg(tls.certificatePath));
    return certificates;
}

} // namespace syncsmart::httpfailure
