package dev.bulkhead.backend.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the API in its OpenAPI document and says how to authenticate to it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	@Bean
	OpenAPI bulkheadOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Bulkhead API")
				.version("v1")
				.description("Native API of the Bulkhead container platform. Authenticate with "
						+ "Authorization: Bearer <token>; create a token with HTTP Basic on POST /api/v1/tokens. "
						+ "Errors are RFC 9457 problem details."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("bkh_...")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
