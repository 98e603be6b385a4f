"""API Gateway in front of the backend: its own limits, its own errors in the API's shape and with
CORS headers, and access logs that say what happened without saying to whom.

The API keeps its execute-api address and allows exactly the site's origin (CORS), rather than
sitting behind the site's CloudFront: through CloudFront every request would come from an edge
address, and the per-client submission limit (429, CONTRACT.md section 2) would count the edge.
"""

from __future__ import annotations

from aws_cdk import Aws, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from .alarms import NAMESPACE
from .backend import API_STAGE, REST_API_ID, Backend
from .firewall import ApiFirewall
from .gateway_responses import gateway_responses

# No IP address, user agent, caller, query string or concrete path (a path holds a reference):
# the resource template and the outcome are enough to operate the API.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "time": "$context.requestTime",
    "method": "$context.httpMethod",
    "resource": "$context.resourcePath",
    "status": "$context.status",
    "responseType": "$context.error.responseType",
    "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integrationLatency",
    "responseLength": "$context.responseLength",
}


def access_log_format() -> str:
    """One JSON object per request; status unquoted so metric filters can compare it as a number."""
    fields = [
        f'"{name}":{value}' if name == "status" else f'"{name}":"{value}"' for name, value in ACCESS_LOG_FIELDS.items()
    ]
    return "{" + ",".join(fields) + "}"


class PublicApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        backend: Backend,
        api_name: str,
        site_origin: str,
        throttle_rate: int,
        throttle_burst: int,
    ) -> None:
        super().__init__(scope, construct_id)
        self.api_name = api_name
        self.access_logs = logs.LogGroup(
            self, "AccessLogs", log_group_name=f"/aws/apigateway/{api_name}", retention=logs.RetentionDays.ONE_YEAR
        )
        # API Gateway writes logs through one role per account and region. Kept on deletion:
        # another stage in the same account may rely on it.
        logging_role = iam.Role(
            self,
            "LoggingRole",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name("service-role/AmazonAPIGatewayPushToCloudWatchLogs")
            ],
        )
        logging_role.apply_removal_policy(RemovalPolicy.RETAIN)
        account = apigateway.CfnAccount(self, "LoggingSettings", cloud_watch_role_arn=logging_role.role_arn)

        rest_api = backend.rest_api
        rest_api.add_resource_dependency(account)
        rest_api.add_property_override("Name", api_name)
        rest_api.add_property_override("DefinitionBody.info.title", api_name)
        rest_api.add_property_override(
            "DefinitionBody.x-amazon-apigateway-gateway-responses", gateway_responses(site_origin)
        )
        rest_api.add_property_override(
            "MethodSettings",
            [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": throttle_rate,
                    "ThrottlingBurstLimit": throttle_burst,
                    # Execution logs and data traces would copy request bodies: personal data.
                    "LoggingLevel": "OFF",
                    "DataTraceEnabled": False,
                }
            ],
        )
        rest_api.add_property_override(
            "AccessLogSetting", {"DestinationArn": self.access_logs.log_group_arn, "Format": access_log_format()}
        )
        self.throttled_metric_name = f"{api_name}-gateway-throttled"
        logs.MetricFilter(
            self,
            "ThrottledFilter",
            log_group=self.access_logs,
            filter_pattern=logs.FilterPattern.string_value("$.responseType", "=", "THROTTLED"),
            metric_namespace=NAMESPACE,
            metric_name=self.throttled_metric_name,
            metric_value="1",
        )
        ApiFirewall(self, "Firewall", name=api_name, rest_api=REST_API_ID, site_origin=site_origin)
        region = Stack.of(self).region
        self.origin = f"https://{rest_api.ref}.execute-api.{region}.{Aws.URL_SUFFIX}"
        self.url = f"{self.origin}/{API_STAGE}"

    def metric_server_errors(self) -> cloudwatch.Metric:
        return cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name="5XXError",
            dimensions_map={"ApiName": self.api_name, "Stage": API_STAGE},
            statistic="Sum",
        )

    def metric_gateway_throttled(self) -> cloudwatch.Metric:
        return cloudwatch.Metric(namespace=NAMESPACE, metric_name=self.throttled_metric_name, statistic="Sum")
