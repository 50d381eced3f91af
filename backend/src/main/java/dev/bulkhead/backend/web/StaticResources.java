package dev.bulkhead.backend.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * Serves static files only under {@code /css}, {@code /js}, {@code /vendor} and
 * {@code /webjars} (with version-free webjar paths), instead of Spring Boot's catch-all
 * {@code /**} ({@code spring.web.resources.add-mappings=false}).
 *
 * <p>
 * Why: with webjars on the class path every link a page renders goes through the resource
 * URL provider, which tries each link against every static mapping. Against a catch-all
 * mapping that meant several class-path look-ups inside the server jar for each
 * {@code /containers/<id>/...} link, about 1 ms of CPU per row of the containers list.
 * With mappings under fixed prefixes a link outside them is passed over at once.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.resourceChain(true)
			.addResolver(new LiteWebJarsResourceResolver());
		registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/");
		registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/");
		// Libraries fetched at build time from the npm registry (xterm.js).
		registry.addResourceHandler("/vendor/**").addResourceLocations("classpath:/static/vendor/");
	}

}
