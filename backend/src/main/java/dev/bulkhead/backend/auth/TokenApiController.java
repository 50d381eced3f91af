package dev.bulkhead.backend.auth;

import java.net.URI;
import java.util.List;

import dev.bulkhead.backend.auth.TokenRequests.CreateToken;
import dev.bulkhead.backend.auth.TokenRequests.CreatedToken;
import dev.bulkhead.backend.auth.TokenRequests.TokenSummary;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tokens")
class TokenApiController {

	private final ApiTokens tokens;

	TokenApiController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping
	ResponseEntity<CreatedToken> create(@CurrentUser BulkheadUser user, @Valid @RequestBody CreateToken request) {
		CreatedToken created = this.tokens.create(user, request.name().strip(), request.expiresInDaysOrDefault(),
				request.scopeOrDefault());
		return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.id())).body(created);
	}

	@GetMapping
	List<TokenSummary> list(@CurrentUser BulkheadUser user) {
		return this.tokens.list(user);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@CurrentUser BulkheadUser user, @PathVariable long id) {
		this.tokens.revoke(user, id);
		return ResponseEntity.noContent().build();
	}

}
