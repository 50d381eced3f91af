package dev.bulkhead.backend.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BulkheadProperties.class)
class SystemConfiguration {

	// Static so that it is registered before the DataSource is created, without pulling
	// the rest of this configuration in early.
	@Bean
	static DataRootPreparer dataRootPreparer(Environment environment) {
		return new DataRootPreparer(environment);
	}

}
