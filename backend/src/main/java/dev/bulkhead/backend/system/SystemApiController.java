package dev.bulkhead.backend.system;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/system")
class SystemApiController {

	private final SystemInfoService systemInfo;

	SystemApiController(SystemInfoService systemInfo) {
		this.systemInfo = systemInfo;
	}

	@GetMapping("/info")
	SystemInfo info() {
		return this.systemInfo.info();
	}

}
