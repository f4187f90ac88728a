# The service image: docker compose up builds it (see docker-compose.yml). The target "proxy" is the reverse proxy of
# the compose profile "nodes" (two service nodes behind one address).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props Eskalasi.sln ./
COPY src/Eskalasi/Eskalasi.csproj src/Eskalasi/
COPY src/Eskalasi.DevDatabase/Eskalasi.DevDatabase.csproj src/Eskalasi.DevDatabase/
COPY src/Eskalasi.Nodes/Eskalasi.Nodes.csproj src/Eskalasi.Nodes/
RUN dotnet restore src/Eskalasi/Eskalasi.csproj && dotnet restore src/Eskalasi.Nodes/Eskalasi.Nodes.csproj
COPY src/ src/
RUN dotnet publish src/Eskalasi/Eskalasi.csproj -c Release -o /app --no-restore \
 && dotnet publish src/Eskalasi.Nodes/Eskalasi.Nodes.csproj -c Release -o /proxy --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS proxy
WORKDIR /proxy
COPY --from=build /proxy ./
EXPOSE 5080
ENTRYPOINT ["dotnet", "Eskalasi.Nodes.dll", "--port", "5080", "--proxy-to"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY seeds/ ./seeds/
ENV ASPNETCORE_URLS=http://+:5080 \
    Eskalasi__SeedsPath=/app/seeds
EXPOSE 5080
ENTRYPOINT ["dotnet", "Eskalasi.dll"]
