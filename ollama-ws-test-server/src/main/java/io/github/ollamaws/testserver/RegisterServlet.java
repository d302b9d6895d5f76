package io.github.ollamaws.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/auth/register}: registers a client's public key, answering 201
 * {@code {"clientId":"..."}} or 400 {@code {"error":"...","code":"..."}}.
 */
final class RegisterServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient ClientRegistry clients;

	RegisterServlet(ClientRegistry clients) {
		this.clients = clients;
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		JsonNode body;
		try {
			body = Frames.MAPPER.readTree(request.getInputStream());
		}
		catch (IOException ex) {
			respond(response, 400, error("Invalid JSON body", "invalid_request"));
			return;
		}
		JsonNode name = (body != null) ? body.get("name") : null;
		JsonNode publicKeyPem = (body != null) ? body.get("publicKey") : null;
		if (name == null || !name.isTextual() || name.asText().isBlank() || publicKeyPem == null
				|| !publicKeyPem.isTextual() || publicKeyPem.asText().isBlank()) {
			respond(response, 400, error("Name and publicKey are required", "invalid_request"));
			return;
		}
		JsonNode algorithm = body.get("signatureAlgorithm");
		if (algorithm != null && !algorithm.isNull() && !algorithm.isTextual()) {
			respond(response, 400, error("signatureAlgorithm must be a string", "invalid_request"));
			return;
		}
		PublicKey publicKey;
		try {
			publicKey = Pem.readPublicKey(publicKeyPem.asText());
		}
		catch (IllegalArgumentException ex) {
			respond(response, 400, error("Invalid public key: " + ex.getMessage(), "invalid_public_key"));
			return;
		}
		String clientId = this.clients.register(name.asText(), publicKey,
				(algorithm != null && algorithm.isTextual()) ? algorithm.asText() : null);
		ObjectNode created = Frames.MAPPER.createObjectNode();
		created.put("clientId", clientId);
		respond(response, 201, created);
	}

	private static ObjectNode error(String message, String code) {
		ObjectNode error = Frames.MAPPER.createObjectNode();
		error.put("error", message);
		error.put("code", code);
		return error;
	}

	private static void respond(HttpServletResponse response, int status, ObjectNode body) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(Frames.MAPPER.writeValueAsString(body));
	}

}
