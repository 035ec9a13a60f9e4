#pragma once

// Frames of real Odoo 17 tracebacks (see odootracebacks.cpp).
namespace syncsmart::sim::odoo::tb {

extern const char kHttp[];
extern const char kAccessDeniedTail[];
extern const char kObjectExecuteKw[];
extern const char kPrivateMethodTail[];
extern const char kUnknownModelTail[];
extern const char kExecuteCr[];
extern const char kRetrying[];
extern const char kCallKwMulti[];
extern const char kProductWriteMissingTail[];
extern const char kProductWriteInvalidFieldTail[];
extern const char kProductWriteSelectionTail[];
extern const char kSaleOrderUnlinkTail[];
extern const char kCallKwModel[];
extern const char kSearchReadFieldsTail[];
extern const char kSearchReadLeafTail[];
extern const char kUnknownMethodTail[];
extern const char kCallKwCreate[];
extern const char kProductCreateBarcodeTail[];
extern const char kProductCreateNotNullInner[];
extern const char kRetryingValidation[];
extern const char kUnknownDbInner[];
extern const char kUnknownDbCommonTail[];

} // namespace syncsmart::sim::odoo::tb
