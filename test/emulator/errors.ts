/**
 * Error bodies of the three services, in their own shapes (see flow-service-notes §1.9, §3.4, §4.4).
 * Every builder takes the request id so Flow Service bodies can carry it in report["request-id"]
 * and HubSpot bodies in `correlationId`.
 */
import { json, type Reply } from './reply.js'

/**
 * A Flow Service "Invalid request"-style failure found deep in parsing or validation
 * (filters, orderby, patch instructions); turned into a FLOW-<code>-<status> body by the router.
 */
export class FlowRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

// ---------------------------------------------------------------------------------------------
// Platform: API gateway (header/token problems) — `{"error_code","message"}`

export function gatewayError(status: number, errorCode: string, message: string): Reply {
  return json(status, { error_code: errorCode, message })
}

/** The gateway's answer to POST/PATCH without a JSON content type. */
export function contentTypeError(): Reply {
  return json(400, {
    type: '/placeholder/type/uri',
    status: 400,
    title: 'BadRequestError',
    detail: 'A valid content-type must be specified',
  })
}

// ---------------------------------------------------------------------------------------------
// Platform: Flow Service itself — problem-details-like bodies with `FLOW-<code>-<status>`

export function flowError(requestId: string, code: string, status: number, title: string, message: string): Reply {
  return json(status, {
    type: `https://ns.adobe.com/aep/errors/FLOW-${code}-${status}`,
    title,
    status,
    report: { 'detailed-message': message, 'request-id': requestId },
    errorMessage: message,
    errorDetails: message,
  })
}

/** Shorthand for the many `<code>-400 "Invalid request"` errors of the catalog. */
export function invalidRequest(requestId: string, code: string, message: string): Reply {
  return flowError(requestId, code, 400, 'Invalid request', message)
}

export function notFound(
  requestId: string,
  message = 'The requested resource is not found. Error from flow provider: Resource with given id does not exist.',
): Reply {
  return flowError(requestId, '1101', 404, 'Resource not found', message)
}

/**
 * FLOW-1439-404 with the resource's type and id in the report, as the labels tutorial shows it for
 * a flows resource (flow-service-notes §1.9b). Used for flows; the other collections keep 1101.
 */
export function resourceNotFound(requestId: string, type: string, id: string): Reply {
  const message = `The requested ${type} resource ${id} is not found. Verify the resource ID before trying again.`
  return json(404, {
    type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404',
    title: 'Resource not found',
    status: 404,
    report: { 'detailed-message': message, id, 'request-id': requestId, type },
    errorMessage: message,
    errorDetails: message,
  })
}

// ---------------------------------------------------------------------------------------------
// Platform: Catalog and Data Prep. Their error bodies are not in the notes; the shape follows the
// `http://ns.adobe.com/aep/errors/<SERVICE>-<code>-<status>` + {type, status, title} pattern other
// Platform services document (flow-service-notes §1.9b, sandbox API). Prefixes and codes: our choice.

export function serviceError(
  prefix: 'CAT' | 'MAPPER',
  requestId: string,
  code: string,
  status: number,
  title: string,
  detail: string,
): Reply {
  return json(status, {
    type: `http://ns.adobe.com/aep/errors/${prefix}-${code}-${status}`,
    status,
    title,
    detail,
    report: { 'request-id': requestId },
  })
}

/**
 * Default body of a 'status' fault on the platform: the catalog entry that fits the status.
 * 401 and 429 come from the gateway, not from Flow Service.
 */
export function platformFaultBody(requestId: string, status: number): Reply {
  switch (status) {
    case 401:
      return gatewayError(401, '401013', 'Oauth token is not valid')
    case 429:
      return gatewayError(429, '429050', 'Too many requests') // code not documented: emulator's choice
    case 404:
      return notFound(requestId)
    case 403:
      return flowError(
        requestId,
        '2120',
        403,
        'Forbidden',
        'You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again.',
      )
    case 412:
      return flowError(
        requestId,
        '1404',
        412,
        'Version not matching',
        'The supplied version does not match the current version on entity. Please ensure that the supplied version matches the current version on entity and try again.',
      )
    case 503:
      return flowError(
        requestId,
        '1103',
        503,
        'Service Unavailable',
        'The service is temporarily unavailable. Please try again. If the problem persists, please contact customer support.',
      )
    case 504:
      return flowError(
        requestId,
        '1104',
        504,
        'Gateway Timeout',
        'A gateway timeout has occurred. Please try again. If the problem persists, please contact customer support.',
      )
    default:
      return status >= 500
        ? flowError(
            requestId,
            status === 500 ? '1102' : '1400',
            status,
            'Internal Error',
            'An internal error has occurred. Please try again. If the problem persists, please contact customer support.',
          )
        : invalidRequest(requestId, '1100', 'The request could not be processed.')
  }
}

// ---------------------------------------------------------------------------------------------
// IMS — RFC 6749-style `{"error","error_description"}`

export function imsError(status: number, error: string, description?: string): Reply {
  return json(status, description === undefined ? { error } : { error, error_description: description })
}

export function imsFaultBody(status: number): Reply {
  return imsError(status, 'internal_error', 'Please try again later')
}

// ---------------------------------------------------------------------------------------------
// HubSpot

/** Token-endpoint errors: legacy `status/message` plus RFC 6749 `error/error_description`. */
export function hubspotOAuthError(
  requestId: string,
  status: number,
  hubStatus: string,
  error: string,
  message: string,
): Reply {
  return json(status, { status: hubStatus, message, error, error_description: message, correlationId: requestId })
}

/** HubSpot's generic API error model (`ModelError`). */
export function hubspotApiError(
  requestId: string,
  status: number,
  category: string,
  message: string,
  extra: { context?: Record<string, string[]>; errors?: Array<Record<string, unknown>> } = {},
): Reply {
  return json(status, { status: 'error', message, correlationId: requestId, category, ...extra })
}

export function hubspotFaultBody(requestId: string, status: number): Reply {
  if (status === 429) return hubspotApiError(requestId, 429, 'RATE_LIMITS', 'You have reached your secondly limit.')
  if (status >= 500)
    return hubspotApiError(requestId, status, 'INTERNAL_ERROR', 'An internal error occurred. Please try again later.')
  return hubspotApiError(requestId, status, 'VALIDATION_ERROR', 'The request could not be processed.')
}
