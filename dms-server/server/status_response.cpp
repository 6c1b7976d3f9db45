#include "dms-server/server/status_response.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dms-server/documents/document_service.h"
#include "dms-server/store/names.h"

namespace synaps::server {

HttpError FromStatus(const store::Status& status) {
  using store::ErrorCode;
  if (documents::IsLocked(status)) return {423, "locked", status.message()};
  switch (status.code()) {
    case ErrorCode::kNotFound:
      return {404, "not_found", status.message()};
    case ErrorCode::kAlreadyExists:
      return {409, "already_exists", status.message()};
    case ErrorCode::kInvalidArgument:
      return {400, "invalid_argument", status.message()};
    case ErrorCode::kConflict:
      return {409, "conflict", status.message()};
    case ErrorCode::kPermissionDenied:
      return {403, "forbidden", status.message()};
    case ErrorCode::kBusy:
      return {503, "busy", status.message()};
    default:
      return {500, "internal", status.message()};
  }
}

std::string ErrorJson(const HttpError& error) {
  const std::string code = store::EscapeForDisplay(error.code);
  const std::string message = store::EscapeForDisplay(error.message);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
  out.StartObject();
  out.Key("error");
  out.StartObject();
  out.Key("code");
  out.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  out.Key("message");
  out.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  out.EndObject();
  out.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace synaps::server
